namespace Dcgan.Net.Tensors.Autograd;

/// <summary>
/// Runs the backward pass over the recorded graph: nodes in reverse topological order, gradients summed
/// where a tensor is used more than once.
/// </summary>
internal static class BackwardEngine
{
    /// <summary>
    /// Propagates <paramref name="seeds"/> (gradients of <paramref name="roots"/>) backwards. When
    /// <paramref name="targets"/> is null, gradients of leaves are accumulated into their <see cref="Tensor.Grad"/>;
    /// otherwise only the targets' gradients are returned and no <c>Grad</c> is touched.
    /// </summary>
    public static Tensor?[]? Run(Tensor[] roots, Tensor[] seeds, bool createGraph, Tensor[]? targets)
    {
        var order = TopologicalOrder(roots);
        var nodeGrads = new Dictionary<Node, Tensor>(ReferenceEqualityComparer.Instance);
        var leafGrads = targets is null ? null : new Dictionary<Tensor, Tensor>(ReferenceEqualityComparer.Instance);
        HashSet<Tensor>? targetSet = targets is null ? null : new HashSet<Tensor>(targets, ReferenceEqualityComparer.Instance);

        using (GradMode.Set(createGraph))
        {
            for (int i = 0; i < roots.Length; i++)
            {
                Deliver(roots[i], seeds[i], nodeGrads, leafGrads, targetSet, createGraph);
            }

            for (int i = order.Count - 1; i >= 0; i--)
            {
                Node node = order[i];
                if (!nodeGrads.Remove(node, out Tensor? gradOut))
                {
                    continue;
                }

                if (createGraph && !node.SupportsDoubleBackward)
                {
                    throw new NotSupportedException($"Second derivatives through {node.Name} are not supported; run the backward pass without createGraph.");
                }

                Tensor?[] inputGrads = node.Backward(gradOut);
                for (int k = 0; k < node.Inputs.Length; k++)
                {
                    Tensor? input = node.Inputs[k];
                    Tensor? g = inputGrads[k];
                    if (input is null || g is null || !input.RequiresGrad)
                    {
                        continue;
                    }

                    Deliver(input, g, nodeGrads, leafGrads, targetSet, createGraph);
                }
            }
        }

        if (targets is null)
        {
            return null;
        }

        var result = new Tensor?[targets.Length];
        for (int i = 0; i < targets.Length; i++)
        {
            result[i] = leafGrads!.GetValueOrDefault(targets[i]);
        }

        return result;
    }

    private static void Deliver(
        Tensor tensor, Tensor grad, Dictionary<Node, Tensor> nodeGrads,
        Dictionary<Tensor, Tensor>? leafGrads, HashSet<Tensor>? targets, bool createGraph)
    {
        if (targets is not null && targets.Contains(tensor))
        {
            leafGrads![tensor] = leafGrads.TryGetValue(tensor, out var prev) ? prev.Add(grad) : grad;
            if (tensor.IsLeaf)
            {
                return;
            }
        }

        if (tensor.GradFn is { } fn)
        {
            nodeGrads[fn] = nodeGrads.TryGetValue(fn, out var prev) ? prev.Add(grad) : grad;
            return;
        }

        if (targets is not null)
        {
            return;
        }

        if (tensor.Grad is null)
        {
            // A fresh leaf gradient must not alias a tensor the graph still uses.
            tensor.Grad = createGraph ? grad : Tensor.Persistent(grad);
        }
        else if (createGraph)
        {
            tensor.Grad = tensor.Grad.Add(grad);
        }
        else
        {
            Kernels.Elementwise.AddInPlace(tensor.Grad.Data, grad.Data);
        }
    }

    private static List<Node> TopologicalOrder(Tensor[] roots)
    {
        var order = new List<Node>();
        var visited = new HashSet<Node>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(Node Node, int Next)>();
        foreach (var root in roots)
        {
            if (root.GradFn is null || !visited.Add(root.GradFn))
            {
                continue;
            }

            stack.Push((root.GradFn, 0));
            while (stack.Count > 0)
            {
                var (node, next) = stack.Pop();
                if (next < node.Inputs.Length)
                {
                    stack.Push((node, next + 1));
                    var child = node.Inputs[next]?.GradFn;
                    if (child is not null && visited.Add(child))
                    {
                        stack.Push((child, 0));
                    }
                }
                else
                {
                    order.Add(node);
                }
            }
        }

        return order;
    }
}
