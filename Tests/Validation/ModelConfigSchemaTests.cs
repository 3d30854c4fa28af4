using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Orleans.Rec.Models;
using Orleans.Rec.Tests.Infrastructure;
using Orleans.Rec.Validation;

namespace Orleans.Rec.Tests.Validation;

/// <summary>
/// The published JSON Schema (docs/schemas/model-config.schema.json) and <see cref="ModelConfigRules"/> agree: on a
/// set of good and bad configs each accepts exactly what the other accepts, except the rules the schema cannot state
/// (<see cref="ModelConfigRules.BeyondTheSchema"/>), which the schema passes and the validator refuses.
/// </summary>
public sealed class ModelConfigSchemaTests
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(Repository.Root, "docs", "schemas", "model-config.schema.json"))));

    /// <summary>Edits of a valid config (the tiny model's, with every optional part present), each named.</summary>
    public static TheoryData<string> Edits => [.. Cases.Keys];

    private static readonly Dictionary<string, Action<JsonObject>> Cases = new(StringComparer.Ordinal)
    {
        ["valid as it is"] = _ => { },
        ["valid: int32 ids with a length input, scores only"] = c =>
        {
            c["signature"] = Node("""
                { "inputs": [ { "name": "h", "dataType": "int32", "dims": [1, 20], "role": "historyItemIds" },
                              { "name": "n", "dataType": "int32", "dims": [1], "role": "historyLength" } ],
                  "outputs": [ { "name": "s", "dataType": "float32", "dims": [1, 5], "role": "scores" } ] }
                """);
        },
        ["valid: training lineage"] = c => c["training"] = Node("""{ "dataSha256": "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff", "events": 3 }"""),
        ["valid: no optional part"] = c =>
        {
            foreach (var name in (string[])["historyLength", "paddingIndex", "topK", "device", "deviceId", "training", "batching", "attributionEvents", "attributionWindow"])
            {
                c.Remove(name);
            }
        },
        ["no signature"] = c => c.Remove("signature"),
        ["no itemIds"] = c => c.Remove("itemIds"),
        ["empty itemIds"] = c => c["itemIds"] = new JsonArray(),
        ["duplicate itemIds"] = c => c["itemIds"] = new JsonArray("a", "a"),
        ["blank item id"] = c => c["itemIds"] = new JsonArray("a", " "),
        ["numeric item id"] = c => c["itemIds"] = new JsonArray("a", 7),
        ["unknown property"] = c => c["histroyLength"] = 5,
        ["historyLength 0"] = c => c["historyLength"] = 0,
        ["historyLength as text"] = c => c["historyLength"] = "50",
        ["paddingIndex 1"] = c => c["paddingIndex"] = 1,
        ["device tpu"] = c => c["device"] = "tpu",
        ["negative deviceId"] = c => c["deviceId"] = -1,
        ["topK max 0"] = c => c["topK"] = Node("""{ "default": 1, "max": 0 }"""),
        ["maxBatchSize 2000"] = c => c["batching"]!["maxBatchSize"] = 2000,
        ["maxQueueLength 0"] = c => c["batching"]!["maxQueueLength"] = 0,
        ["instances 65"] = c => c["batching"]!["instances"] = 65,
        ["queue delay not a time span"] = c => c["batching"]!["maxQueueDelay"] = "1ms",
        ["attributionEvents 0"] = c => c["attributionEvents"] = 0,
        ["bad data hash"] = c => c["training"] = Node("""{ "dataSha256": "ABC" }"""),
        ["metric not a number"] = c => c["training"] = Node("""{ "metrics": { "HR@10": "high" } }"""),
        ["no history input"] = c => Inputs(c).RemoveAt(0),
        ["two history inputs"] = c => Inputs(c).Add(Node("""{ "name": "h2", "dataType": "int64", "dims": [-1, -1], "role": "historyItemIds" }""")),
        ["float history"] = c => Inputs(c)[0]!["dataType"] = "float32",
        ["history of rank 1"] = c => Inputs(c)[0]!["dims"] = new JsonArray(-1),
        ["dimension 0"] = c => Inputs(c)[0]!["dims"] = new JsonArray(-1, 0),
        ["unknown role"] = c => Inputs(c)[0]!["role"] = "userId",
        ["output role on an input"] = c => Inputs(c)[1]!["role"] = "scores",
        ["int32 k"] = c => Inputs(c)[1]!["dataType"] = "int32",
        ["no scores output"] = c => Outputs(c).RemoveAt(0),
        ["k input without item ids output"] = c => Outputs(c).RemoveAt(1),
        ["int32 item ids output"] = c => Outputs(c)[1]!["dataType"] = "int32",
        ["tensor without a name"] = c => Outputs(c)[0]!.AsObject().Remove("name"),
        ["unknown tensor property"] = c => Outputs(c)[0]!["shape"] = new JsonArray(1),
        ["beyond the schema: topK default above max"] = c => c["topK"] = Node("""{ "default": 20, "max": 10 }"""),
        ["beyond the schema: queue shorter than a batch"] = c => c["batching"] = Node("""{ "maxBatchSize": 64, "maxQueueLength": 8 }"""),
        ["beyond the schema: queue delay of 2 s"] = c => c["batching"]!["maxQueueDelay"] = "00:00:02",
        ["beyond the schema: attribution window of 8 days"] = c => c["attributionWindow"] = "8.00:00:00",
        ["beyond the schema: attribution window of 0"] = c => c["attributionWindow"] = "00:00:00",
        ["beyond the schema: a name used twice"] = c => Outputs(c)[1]!["name"] = "history",
        ["valid: push on"] = c => c["push"] = Node("""{ "enabled": true, "k": 5, "debounce": "00:00:00.500", "maxDelay": "00:00:05" }"""),
        ["unknown push property"] = c => c["push"] = Node("""{ "enabled": true, "window": "00:00:01" }"""),
        ["push enabled not a boolean"] = c => c["push"] = Node("""{ "enabled": "yes" }"""),
        ["negative push k"] = c => c["push"] = Node("""{ "k": -1 }"""),
        ["beyond the schema: push k above topK max"] = c => c["push"] = Node("""{ "k": 2000 }"""),
        ["beyond the schema: push debounce of 2 minutes"] = c => c["push"] = Node("""{ "debounce": "00:02:00", "maxDelay": "00:05:00" }"""),
        ["beyond the schema: push maxDelay below debounce"] = c => c["push"] = Node("""{ "debounce": "00:00:02", "maxDelay": "00:00:01" }"""),
    };

    [Theory]
    [MemberData(nameof(Edits))]
    public void SchemaAndValidator_OnTheSameConfig_GiveTheSameVerdict(string edit)
    {
        var config = JsonSerializer.SerializeToNode(TinyModel.Config() with { Training = new TrainingInfo { Source = "events.csv", Metrics = new() { ["HR@10"] = 0.5 } } }, ApiCalls.Json)!.AsObject();
        Cases[edit](config);
        using var document = JsonDocument.Parse(config.ToJsonString());

        var schemaValid = Schema.Value.Evaluate(document.RootElement).IsValid;
        var problems = ModelConfigRules.Check(document.RootElement);

        var expectValid = edit.StartsWith("valid", StringComparison.Ordinal);
        Assert.Equal(expectValid, problems.Count == 0);
        Assert.Equal(expectValid || edit.StartsWith("beyond the schema", StringComparison.Ordinal), schemaValid);
    }

    [Fact]
    public void BeyondTheSchema_NamesEveryRuleTheSchemaLeavesOut()
    {
        var description = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Root, "docs", "schemas", "model-config.schema.json")))
            .RootElement.GetProperty("description").GetString()!;

        Assert.All(ModelConfigRules.BeyondTheSchema.Take(4).Concat(ModelConfigRules.BeyondTheSchema.Skip(5)), rule => Assert.Contains(rule, description, StringComparison.Ordinal));
        Assert.Equal(8, ModelConfigRules.BeyondTheSchema.Length);
    }

    private static JsonNode Node(string json) => JsonNode.Parse(json)!;

    private static JsonArray Inputs(JsonObject config) => config["signature"]!["inputs"]!.AsArray();

    private static JsonArray Outputs(JsonObject config) => config["signature"]!["outputs"]!.AsArray();
}
