using Dcgan.Net.Data;
using Dcgan.Net.Tensors;
using Dcgan.Net.Tensors.Optim;
using Dcgan.Net.Training;

namespace Dcgan.Net.Fid.Domain;

public sealed partial class DomainClassifier
{
    /// <summary>
    /// Trains a classifier from scratch: <see cref="DomainClassifierOptions.Epochs"/> passes over
    /// <paramref name="train"/> in shuffled full batches, cross-entropy loss, Adam with a cosine-decayed learning rate.
    /// Deterministic: the same data, options and seed give the same weights bit for bit, on any thread count.
    /// </summary>
    /// <param name="train">Labelled 1-channel images in [0, 1] (28x28, 32x32 or another size, see the remarks on
    /// <see cref="DomainClassifier"/>); labels 0 to ClassCount - 1. E.g.
    /// <c>MnistDataset.Load(folder, train: true, imageSize: 32, range: PixelScale.ZeroToOne)</c>.</param>
    /// <param name="options">Architecture and training settings; default <see cref="DomainClassifierOptions"/>.</param>
    /// <param name="progress">Receives a report after every step; optional.</param>
    /// <param name="cancellationToken">Stops training between steps.</param>
    /// <returns>The trained classifier, in evaluation mode.</returns>
    /// <exception cref="ArgumentException">The data set has no labels, more than one channel, fewer images than one
    /// batch, a label outside 0..ClassCount-1 or pixels outside [0, 1] (found when their batch comes up); or an
    /// option is out of range.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    /// <exception cref="TrainingDivergedException">The loss stopped being finite.</exception>
    public static DomainClassifier Train(
        ImageDataset train,
        DomainClassifierOptions? options = null,
        IProgress<DomainClassifierProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        options ??= new DomainClassifierOptions();
        options.Validate();
        if (!train.HasLabels)
        {
            throw new ArgumentException("Training a classifier needs a labelled data set.", nameof(train));
        }

        if (train.Count < options.BatchSize)
        {
            throw new ArgumentException($"The data set holds {train.Count} images, fewer than one batch of {options.BatchSize}.", nameof(train));
        }

        var prepared = DomainInput.Prepare(train, "DomainClassifier.Train");
        var network = new DomainClassifierNetwork(options.Width, options.FeatureDimensions, options.ClassCount, new TensorGenerator(options.Seed));
        var adam = new Adam(network.Parameters(), options.LearningRate);

        // The loader's own stream (seed + 1) keeps the data order independent of how many weights were drawn.
        var loader = new DataLoader(prepared, new DataLoaderOptions { BatchSize = options.BatchSize, Seed = options.Seed + 1 });
        long total = (long)options.Epochs * loader.BatchesPerEpoch;
        var arena = new TensorArena();
        network.Train();
        for (long step = 0; step < total; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = loader.Next();
            DomainInput.CheckRange(batch.Images.AsSpan(), "DomainClassifier.Train");
            CheckLabels(batch, options.ClassCount);
            double rate = options.CosineDecay ? options.LearningRate * 0.5 * (1 + Math.Cos(Math.PI * step / total)) : options.LearningRate;
            adam.LearningRate = rate;
            float loss;
            using (arena.Activate())
            {
                adam.ZeroGrad();
                var value = Functional.CrossEntropy(network.Forward(batch.Images), batch.Labels);
                loss = value.Item();
                if (!float.IsFinite(loss))
                {
                    throw new TrainingDivergedException($"Classifier training diverged at step {step + 1}: the loss is {loss}.");
                }

                value.Backward();
                adam.Step();
            }

            progress?.Report(new DomainClassifierProgress(batch.Epoch + 1, options.Epochs, step + 1, total, loss, rate));
        }

        return new DomainClassifier(network, options.ClassNames);
    }

    private static void CheckLabels(DataBatch batch, int classCount)
    {
        foreach (int label in batch.Labels)
        {
            if ((uint)label >= (uint)classCount)
            {
                throw new ArgumentException($"A training label is {label}, outside 0..{classCount - 1}; set DomainClassifierOptions.ClassCount.");
            }
        }
    }
}
