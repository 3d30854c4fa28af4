using System.Text.Json;
using Orleans.Rec.Inference;
using Orleans.Rec.Models;
using Orleans.Rec.Tests.Infrastructure;
using Orleans.Rec.Validation;

namespace Orleans.Rec.Tests.Validation;

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
            new("signature.inputs", "signature needs exactly one input with role 'historyItemIds', found 0"),
            new("itemIds", "config itemIds contain duplicates"),
            new("historyLength", "historyLength 0 is outside 1..10000"),
            new("topK", "topK.default 20 is above topK.max 10"),
            new("device", "device 'tpu' is not one of cpu, cuda"),
        ],
        problems);
    }

    [Fact]
    public void Check_WhenAttributionLimitsOutOfRange_ReportsBoth()
    {
        var config = TinyModel.Config() with { AttributionEvents = 0, AttributionWindow = TimeSpan.Zero };

        Assert.Equal(
            ["attributionEvents 0 is outside 1..1000", "attributionWindow 00:00:00 is outside (0, 7 days]"],
            ModelConfigRules.Check(config).Select(p => p.Message));
    }

    [Fact]
    public void Check_WhenTheJsonHasWrongTypesAndUnknownNames_ReportsEveryOneWithItsPath()
    {
        using var document = JsonDocument.Parse("""
            {
              "signature": {
                "inputs": [ { "name": "history", "dataType": "float32", "dims": [-1, 0], "role": "historyItemIds" } ],
                "outputs": [ { "name": "scores", "dataType": "float32", "dims": [-1], "role": "scores" } ]
              },
              "itemIds": ["a", 7],
              "historyLength": "fifty",
              "histroyLength": 50,
              "batching": { "maxQueueDelay": "soon" }
            }
            """);

        var problems = ModelConfigRules.Check(document.RootElement);

        Assert.Equal(
        [
            new("histroyLength", "unknown property 'histroyLength' (known: signature, itemIds, historyLength, paddingIndex, topK, device, deviceId, training, batching, attributionEvents, attributionWindow, push)"),
            new("signature.inputs[0].dims", "tensor 'history' has dimension 0; each must be -1 (dynamic) or a size >= 1"),
            new("signature.inputs[0].dataType", "historyItemIds tensor 'history' is float32; it must be int64 or int32"),
            new("signature.outputs[0].dims", "scores tensor 'scores' has rank 1; it must have rank 2"),
            new("itemIds[1]", $"itemIds[1] {InputRules.IdRule} (a string)"),
            new("historyLength", "historyLength fifty is not a whole number"),
            new("batching.maxQueueDelay", "batching.maxQueueDelay 'soon' is not a time span ([d.]hh:mm:ss[.fffffff])"),
        ],
        problems);
    }

    [Fact]
    public void Check_WhenATopKInputHasNoItemIdsOutput_SaysTheItemIdsAreNeeded()
    {
        var config = TinyModel.Config();
        config = config with { Signature = config.Signature with { Outputs = [config.Signature.Outputs[0]] } };

        Assert.Equal(
            [new ConfigProblem("signature.outputs", "a topK input needs an output with role 'itemIds' (the ids of the top-k scores)")],
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
    public void Validate_WhenConfigInvalid_ThrowsBeforeOpeningTheArtifactWithEveryProblemByField()
    {
        var config = TinyModel.Config() with { Device = "tpu", HistoryLength = 0 };

        var error = Assert.Throws<ModelValidationException>(() => ModelInspector.Validate([1, 2, 3], config));

        Assert.Equal("invalid config: historyLength 0 is outside 1..10000; device 'tpu' is not one of cpu, cuda", error.Message);
        Assert.Equal(["config.device", "config.historyLength"], error.Errors!.Keys.Order(StringComparer.Ordinal));
    }
}
