using Dcgan.Net.Tensors;
using Dcgan.Net.Tensors.Nn;
using Dcgan.Net.Tensors.Optim;

namespace Dcgan.Net.Tests.Tensors.Nn;

/// <summary>
/// The generator and discriminator of shared/reference/torch_dcgan.py built from our modules, with the same
/// state-dict keys (net.0.weight, net.1.running_mean, ...), and the reference's training step.
/// </summary>
internal sealed class DcganReferenceNet : Module
{
    private readonly bool _flatten;

    private DcganReferenceNet(Sequential net, bool flatten)
    {
        Net = RegisterModule("net", net);
        _flatten = flatten;
    }

    public Sequential Net { get; }

    /// <summary>z [N, latent, 1, 1] -> images [N, nc, 32, 32].</summary>
    public static DcganReferenceNet Generator(int nc, int latent, int hidden)
    {
        var init = new TensorGenerator(1);
        return new DcganReferenceNet(
            new Sequential(
                new ConvTranspose2d(latent, 4 * hidden, 4, 1, 0, bias: false, generator: init), new BatchNorm2d(4 * hidden), new ReLU(),
                new ConvTranspose2d(4 * hidden, 2 * hidden, 4, 2, 1, bias: false, generator: init), new BatchNorm2d(2 * hidden), new ReLU(),
                new ConvTranspose2d(2 * hidden, hidden, 4, 2, 1, bias: false, generator: init), new BatchNorm2d(hidden), new ReLU(),
                new ConvTranspose2d(hidden, nc, 4, 2, 1, bias: false, generator: init), new Tanh()),
            flatten: false);
    }

    /// <summary>images [N, nc, 32, 32] -> probabilities [N].</summary>
    public static DcganReferenceNet Discriminator(int nc, int hidden)
    {
        var init = new TensorGenerator(2);
        return new DcganReferenceNet(
            new Sequential(
                new Conv2d(nc, hidden, 4, 2, 1, bias: false, generator: init), new LeakyReLU(0.2f),
                new Conv2d(hidden, 2 * hidden, 4, 2, 1, bias: false, generator: init), new BatchNorm2d(2 * hidden), new LeakyReLU(0.2f),
                new Conv2d(2 * hidden, 4 * hidden, 4, 2, 1, bias: false, generator: init), new BatchNorm2d(4 * hidden), new LeakyReLU(0.2f),
                new Conv2d(4 * hidden, 1, 4, 1, 0, bias: false, generator: init), new Sigmoid()),
            flatten: true);
    }

    public override Tensor Forward(Tensor input)
    {
        var y = Net.Forward(input);
        return _flatten ? y.Reshape(-1) : y;
    }
}

/// <summary>What one step of the reference loop produced.</summary>
internal sealed record DcganStepResult(
    Tensor OutReal, Tensor OutFake, Tensor OutGen, Tensor Fake, Tensor LossReal, Tensor LossFake, Tensor LossGen,
    Dictionary<string, Tensor> DiscriminatorGrads, Dictionary<string, Tensor> GeneratorGrads);

/// <summary>The reference's training step: D on real (ones), D on fake.detach() (zeros), D Adam step, G vs ones, G Adam step.</summary>
internal sealed class DcganReferenceTrainer(DcganReferenceNet g, DcganReferenceNet d, double lr, double beta1, double beta2)
{
    private readonly Adam _optG = new(g.Parameters(), lr, beta1, beta2);
    private readonly Adam _optD = new(d.Parameters(), lr, beta1, beta2);

    public DcganStepResult Step(Tensor real, Tensor z)
    {
        int n = real.Size(0);
        Tensor ones = Tensor.Ones(n), zeros = Tensor.Zeros(n);
        d.ZeroGrad();
        var outReal = d.Forward(real);
        var lossReal = Functional.BinaryCrossEntropy(outReal, ones);
        lossReal.Backward();
        var fake = g.Forward(z);
        var outFake = d.Forward(fake.Detach());
        var lossFake = Functional.BinaryCrossEntropy(outFake, zeros);
        lossFake.Backward();
        var dGrads = d.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter.Grad!.Clone());
        _optD.Step();

        g.ZeroGrad();
        var outGen = d.Forward(fake);
        var lossGen = Functional.BinaryCrossEntropy(outGen, ones);
        lossGen.Backward();
        var gGrads = g.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter.Grad!.Clone());
        _optG.Step();
        return new DcganStepResult(outReal, outFake, outGen, fake, lossReal, lossFake, lossGen, dGrads, gGrads);
    }
}
