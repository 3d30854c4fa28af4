using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Rec.Inference;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Grains;

public sealed class OnnxSessionFactoryTests
{
    [Fact]
    public void Create_WhenCudaRequestedWithoutAGpu_FallsBackToCpuAndWarns()
    {
        var hasGpu = File.Exists("/dev/nvidia0");
        var logger = new ListLogger<OnnxSessionFactory>();
        var factory = new OnnxSessionFactory(Options.Create(new InferenceOptions { Device = "cuda" }), logger);

        var created = factory.Create("tiny", 1, TinyModel.Config(), TinyModel.Artifact());
        using var session = created.Session;

        Assert.Equal(hasGpu ? "cuda" : "cpu", created.Device);
        if (!hasGpu)
        {
            var warning = Assert.Single(logger.Entries);
            Assert.Equal(LogLevel.Warning, warning.Level);
            Assert.StartsWith("CUDA execution provider could not be loaded for model tiny v1 (device 0); falling back to CPU: ", warning.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Create_WhenConfigSaysCpu_UsesCpuWithoutWarnings()
    {
        var logger = new ListLogger<OnnxSessionFactory>();
        var factory = new OnnxSessionFactory(Options.Create(new InferenceOptions()), logger);

        var created = factory.Create("tiny", 1, TinyModel.Config(), TinyModel.Artifact());
        using var session = created.Session;

        Assert.Equal("cpu", created.Device);
        Assert.Empty(logger.Entries);
    }
}
