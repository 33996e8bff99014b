using Dcgan.Net.Tensors.Autograd;

namespace Dcgan.Net.Tensors.Ops;

/// <summary>
/// Binary cross-entropy on probabilities, element-wise, as PyTorch: each log is clamped at -100, and the
/// gradient is g (p - y) / max(p (1 - p), 1e-12). Fused for that exact gradient; not twice differentiable.
/// </summary>
internal static class BinaryCrossEntropyOp
{
    private const float LogClamp = -100f;
    private const float GradEpsilon = 1e-12f;

    public static Tensor Forward(Tensor p, Tensor target)
    {
        ShapeUtil.Expect(target.Shape, p.Shape, "Binary cross-entropy target");
        var loss = TensorArena.Allocate(p.Count);
        ReadOnlySpan<float> ps = p.Data, ys = target.Data;
        for (int i = 0; i < loss.Length; i++)
        {
            float pi = ps[i];
            if (pi is < 0f or > 1f || float.IsNaN(pi))
            {
                throw new ArgumentException($"Binary cross-entropy needs probabilities in [0, 1]; element {i} is {pi}.", nameof(p));
            }

            float logP = Math.Max(MathF.Log(pi), LogClamp);
            float log1mP = Math.Max(MathF.Log(1f - pi), LogClamp);
            loss[i] = ((ys[i] - 1f) * log1mP) - (ys[i] * logP);
        }

        return Tensor.FromOp(loss, p.ShapeArray, Node.ShouldRecord(p, target) ? new BceNode(p, target) : null);
    }

    private sealed class BceNode(Tensor p, Tensor target) : Node(p, target)
    {
        public override string Name => "BinaryCrossEntropy";

        public override bool SupportsDoubleBackward => false;

        public override Tensor?[] Backward(Tensor g)
        {
            Tensor? gp = null, gy = null;
            ReadOnlySpan<float> ps = p.Data, ys = target.Data, gs = g.Data;
            if (Needs(0))
            {
                var d = TensorArena.Allocate(p.Count);
                for (int i = 0; i < d.Length; i++)
                {
                    d[i] = gs[i] * (ps[i] - ys[i]) / Math.Max((1f - ps[i]) * ps[i], GradEpsilon);
                }

                gp = Tensor.Wrap(d, p.ShapeArray);
            }

            if (Needs(1))
            {
                var d = TensorArena.Allocate(p.Count);
                for (int i = 0; i < d.Length; i++)
                {
                    d[i] = gs[i] * (Math.Max(MathF.Log(1f - ps[i]), LogClamp) - Math.Max(MathF.Log(ps[i]), LogClamp));
                }

                gy = Tensor.Wrap(d, p.ShapeArray);
            }

            return [gp, gy];
        }
    }
}
