using Orleans.Rec.Inference;
using Orleans.Rec.Models;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Grains;

public sealed class ModelConfigRulesTests
{
    [Fact]
    public void Check_WhenConfigValid_ReportsNothing() => Assert.Empty(ModelConfigRules.Check(TinyModel.Config()));

    [Fact]
    public void Check_WhenSeveralThingsWrong_ReportsEveryProblem()
    {
        var config = TinyModel.Config(["a", "a"]) with
        {
            HistoryLength = 0,
            Device = "tpu",
            TopK = new TopKLimits { Default = 20, Max = 10 },
            Signature = new ModelSignature { Inputs = [], Outputs = TinyModel.Config().Signature.Outputs },
        };

        var problems = ModelConfigRules.Check(config);

        Assert.Equal(
        [
            "signature needs exactly one input with role 'historyItemIds', found 0",
            "config itemIds contain duplicates",
            "historyLength 0 is outside 1..10000",
            "topK needs 1 <= default <= max",
            "device 'tpu' is not one of cpu, cuda",
        ],
        problems);
    }

    [Fact]
    public void Check_WhenAttributionLimitsOutOfRange_ReportsBoth()
    {
        var config = TinyModel.Config() with { AttributionEvents = 0, AttributionWindow = TimeSpan.Zero };

        Assert.Equal(
            ["attributionEvents 0 is outside 1..1000", "attributionWindow 00:00:00 is outside (0, 7 days]"],
            ModelConfigRules.Check(config));
    }

    [Fact]
    public void ServingConfig_CarriesTheAttributionLimitsBothWays()
    {
        var config = TinyModel.Config() with { AttributionEvents = 5, AttributionWindow = TimeSpan.FromMinutes(10) };

        var serving = ServingConfig.From(config);
        var applied = serving.ApplyTo(TinyModel.Config());

        Assert.Equal((5, TimeSpan.FromMinutes(10)), (serving.AttributionEvents, serving.AttributionWindow));
        Assert.Equal((5, TimeSpan.FromMinutes(10)), (applied.AttributionEvents, applied.AttributionWindow));
    }

    [Fact]
    public void Validate_WhenConfigInvalid_ThrowsBeforeOpeningTheArtifact()
    {
        var config = TinyModel.Config() with { Device = "tpu" };

        var error = Assert.Throws<ModelValidationException>(() => ModelInspector.Validate([1, 2, 3], config));

        Assert.Equal("invalid config: device 'tpu' is not one of cpu, cuda", error.Message);
    }
}
