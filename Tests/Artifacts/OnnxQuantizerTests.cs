using Orleans.Rec.Artifacts;
using Orleans.Rec.Inference;
using Orleans.Rec.Models;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Artifacts;

/// <summary>Quantized models keep their signature, shrink as promised and agree with the original on probe histories.</summary>
public sealed class OnnxQuantizerTests : IDisposable
{
    private static readonly Lazy<(byte[] Artifact, ModelConfig Config, float[] Table)> Medium = new(() => ArtifactFixtures.Model(20_000, 64));
    private readonly TempDirectory _folder = new("rec-quant");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Int8_WhenStored_IsAbout3Point5TimesSmallerAtRestAndAgreesAbove97Percent()
    {
        var (artifact, config, _) = Medium.Value;
        var quantized = OnnxQuantizer.Quantize(artifact, ArtifactQuantization.Int8);
        ModelInspector.Validate(quantized, config);
        var (agreement, k) = await AgreementProbe.MeasureAsync(artifact, quantized, ArtifactQuantization.Int8, config, probes: 100);

        var pipeline = ArtifactFixtures.Pipeline(new LocalFolderArtifactStore(_folder.Path), ArtifactFixtures.Keys(("k1", ArtifactFixtures.NewKey())));
        var plain = await pipeline.WriteAsync("m/1", new MemoryStream(artifact), new ArtifactWriteSettings());
        var small = await pipeline.WriteAsync("m/2", new MemoryStream(quantized), new ArtifactWriteSettings { Quantization = ArtifactQuantization.Int8 });

        var ratio = (double)plain.CiphertextBytes / small.CiphertextBytes;
        Assert.InRange(ratio, 3.3, 4.0);
        Assert.Equal(10, k);
        Assert.InRange(agreement, 0.97, 1.0);
    }

    [Fact]
    public async Task Fp16_WhenApplied_HalvesTheModelAndAgreesAlmostPerfectly()
    {
        var (artifact, config, _) = Medium.Value;
        var quantized = OnnxQuantizer.Quantize(artifact, ArtifactQuantization.Fp16);
        ModelInspector.Validate(quantized, config);
        var (agreement, _) = await AgreementProbe.MeasureAsync(artifact, quantized, ArtifactQuantization.Fp16, config, probes: 100);

        Assert.InRange((double)artifact.Length / quantized.Length, 1.9, 2.1);
        Assert.InRange(agreement, 0.99, 1.0);
    }

    [Fact]
    public void Quantize_WhenNoInitializerIsLargeEnough_RefusesSayingSo()
    {
        var e = Assert.Throws<ModelValidationException>(() => OnnxQuantizer.Quantize(TinyModel.Artifact(), ArtifactQuantization.Int8));

        Assert.Equal("int8 quantization found no float initializer of rank 2 with at least 1024 values; upload with quantization none", e.Message);
    }
}
