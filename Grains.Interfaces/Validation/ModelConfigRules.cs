using System.Globalization;
using System.Text.Json;
using Orleans.Rec.Models;

namespace Orleans.Rec.Validation;

/// <summary>
/// The platform's one validator for a model config (<c>config.json</c>), the rules of the published JSON Schema
/// (<c>docs/schemas/model-config.schema.json</c>) plus the few that a schema cannot state (one value bounded by
/// another, time spans in ranges). It reads the JSON document, so one pass names every problem — wrong types,
/// unknown or missing properties and broken rules — instead of stopping at the first. The upload edge runs it on the
/// text it received; the version grain runs it on every config it stores (the upload and each serving change).
/// </summary>
public static partial class ModelConfigRules
{
    /// <summary>Execution devices.</summary>
    public static readonly string[] Devices = ["cpu", "cuda"];

    /// <summary>Tensor element types a signature may name.</summary>
    public static readonly string[] DataTypes = ["int64", "int32", "float32"];

    /// <summary>The rules the JSON Schema cannot state; they are checked here only.</summary>
    public static readonly string[] BeyondTheSchema =
    [
        "topK.default <= topK.max",
        "batching.maxQueueLength >= batching.maxBatchSize",
        "batching.maxQueueDelay within 0..1s",
        "attributionWindow within (0, 7 days]",
        "tensor names unique across inputs and outputs",
        "push.k <= topK.max",
        "push.debounce within 0..1 minute",
        "push.maxDelay within push.debounce..10 minutes",
    ];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Every problem with a config object; empty when it is valid.</summary>
    public static List<ConfigProblem> Check(ModelConfig config) => Check(JsonSerializer.SerializeToElement(config, Json));

    /// <summary>Every problem with a config document (the JSON of <c>config.json</c>); empty when it is valid.</summary>
    public static List<ConfigProblem> Check(JsonElement config)
    {
        var problems = new List<ConfigProblem>();
        if (config.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new("", "config must be a JSON object"));
            return problems;
        }

        Unknown(config, "", TopLevel, problems);
        CheckSignature(config, problems);
        CheckItemIds(config, problems);
        Integer(config, "historyLength", "historyLength", 1, 10_000, problems);
        if (config.TryGetProperty("paddingIndex", out var padding) && IsInteger(padding, "paddingIndex", problems, out var paddingValue) && paddingValue != 0)
        {
            problems.Add(new("paddingIndex", Invariant($"paddingIndex {paddingValue} is not supported; item index 0 must be the padding")));
        }

        CheckTopK(config, problems);
        CheckTraining(config, problems);
        if (config.TryGetProperty("batching", out var batching))
        {
            CheckBatching(batching, "batching", problems);
        }

        Integer(config, "attributionEvents", "attributionEvents", 1, 1000, problems);
        if (config.TryGetProperty("attributionWindow", out var window) && IsTimeSpan(window, "attributionWindow", problems, out var span)
            && (span <= TimeSpan.Zero || span > TimeSpan.FromDays(7)))
        {
            problems.Add(new("attributionWindow", Invariant($"attributionWindow {span} is outside (0, 7 days]")));
        }

        if (config.TryGetProperty("device", out var device) && (device.ValueKind != JsonValueKind.String || !Devices.Contains(JsonText.Of(device))))
        {
            problems.Add(new("device", $"device '{Text(device)}' is not one of {string.Join(", ", Devices)}"));
        }

        Integer(config, "deviceId", "deviceId", 0, 1024, problems);
        CheckPush(config, problems);
        return problems;
    }

    /// <summary>Every problem with a batching object (a config's, or a serving change's).</summary>
    public static void CheckBatching(BatchingConfig? batching, List<ConfigProblem> problems)
    {
        if (batching is null)
        {
            problems.Add(new("batching", "batching is missing"));
            return;
        }

        CheckBatching(JsonSerializer.SerializeToElement(batching, Json), "batching", problems);
    }

    /// <summary>The camelCase name of a role, as config.json spells it.</summary>
    public static string RoleName(TensorRole role) => JsonNamingPolicy.CamelCase.ConvertName(role.ToString());

    /// <summary>The problems as one line each, for a message.</summary>
    public static string Describe(IEnumerable<ConfigProblem> problems) => string.Join("; ", problems.Select(p => p.Message));

    private static void CheckBatching(JsonElement batching, string path, List<ConfigProblem> problems)
    {
        if (batching.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new(path, "batching must be an object"));
            return;
        }

        Unknown(batching, path, BatchingProperties, problems);
        var size = Integer(batching, "maxBatchSize", "batching.maxBatchSize", 1, 1024, problems) ?? new BatchingConfig().MaxBatchSize;
        if (batching.TryGetProperty("maxQueueDelay", out var delay) && IsTimeSpan(delay, "batching.maxQueueDelay", problems, out var span)
            && (span < TimeSpan.Zero || span > TimeSpan.FromSeconds(1)))
        {
            problems.Add(new("batching.maxQueueDelay", Invariant($"batching.maxQueueDelay {span} is outside 0..1s")));
        }

        if (Integer(batching, "maxQueueLength", "batching.maxQueueLength", 0, int.MaxValue, problems) is int length && length < Math.Max(1, size))
        {
            problems.Add(new("batching.maxQueueLength", Invariant($"batching.maxQueueLength {length} is below maxBatchSize {size}")));
        }

        Integer(batching, "instances", "batching.instances", 0, 64, problems, "(0 = one per core)");
    }

    /// <summary>Push mode (docs/kafka.md): k within the version's limits, a debounce window no longer than the burst's cap.</summary>
    private static void CheckPush(JsonElement config, List<ConfigProblem> problems)
    {
        if (!config.TryGetProperty("push", out var push))
        {
            return;
        }

        if (push.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new("push", "push must be an object"));
            return;
        }

        Unknown(push, "push", PushProperties, problems);
        if (push.TryGetProperty("enabled", out var enabled) && enabled.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            problems.Add(new("push.enabled", $"push.enabled {Text(enabled)} is not true or false"));
        }

        var max = config.TryGetProperty("topK", out var topK) && topK.ValueKind == JsonValueKind.Object && topK.TryGetProperty("max", out var m) && m.ValueKind == JsonValueKind.Number && m.TryGetInt32(out var parsed)
            ? parsed
            : new TopKLimits().Max;
        Integer(push, "k", "push.k", 0, max, problems, "(0 = topK.default)");
        var debounce = new PushConfig().Debounce;
        if (push.TryGetProperty("debounce", out var d) && IsTimeSpan(d, "push.debounce", problems, out debounce)
            && (debounce < TimeSpan.Zero || debounce > TimeSpan.FromMinutes(1)))
        {
            problems.Add(new("push.debounce", Invariant($"push.debounce {debounce} is outside 0..1 minute")));
        }

        if (push.TryGetProperty("maxDelay", out var delay) && IsTimeSpan(delay, "push.maxDelay", problems, out var maxDelay)
            && (maxDelay < debounce || maxDelay > TimeSpan.FromMinutes(10)))
        {
            problems.Add(new("push.maxDelay", Invariant($"push.maxDelay {maxDelay} is outside push.debounce ({debounce})..10 minutes")));
        }
    }

    private static void CheckTopK(JsonElement config, List<ConfigProblem> problems)
    {
        if (!config.TryGetProperty("topK", out var topK))
        {
            return;
        }

        if (topK.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new("topK", "topK must be an object with 'default' and 'max'"));
            return;
        }

        Unknown(topK, "topK", TopKProperties, problems);
        var defaults = new TopKLimits();
        var k = Integer(topK, "default", "topK.default", 1, int.MaxValue, problems) ?? defaults.Default;
        var max = Integer(topK, "max", "topK.max", 1, int.MaxValue, problems) ?? defaults.Max;
        if (k > max)
        {
            problems.Add(new("topK", Invariant($"topK.default {k} is above topK.max {max}")));
        }
    }

    private static void CheckItemIds(JsonElement config, List<ConfigProblem> problems)
    {
        if (!config.TryGetProperty("itemIds", out var ids) || ids.ValueKind == JsonValueKind.Null)
        {
            problems.Add(new("itemIds", "config lists no itemIds"));
            return;
        }

        if (ids.ValueKind != JsonValueKind.Array)
        {
            problems.Add(new("itemIds", "itemIds must be an array of strings"));
            return;
        }

        if (ids.GetArrayLength() == 0)
        {
            problems.Add(new("itemIds", "config lists no itemIds"));
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var duplicates = false;
        var index = 0;
        foreach (var id in ids.EnumerateArray())
        {
            if (id.ValueKind != JsonValueKind.String || !InputRules.IsValidId(JsonText.Of(id)))
            {
                problems.Add(new(Invariant($"itemIds[{index}]"), Invariant($"itemIds[{index}] {InputRules.IdRule} (a string)")));
            }
            else if (!seen.Add(JsonText.Of(id)!))
            {
                duplicates = true;
            }

            index++;
        }

        if (duplicates)
        {
            problems.Add(new("itemIds", "config itemIds contain duplicates"));
        }
    }

    private static void CheckTraining(JsonElement config, List<ConfigProblem> problems)
    {
        if (!config.TryGetProperty("training", out var training) || training.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (training.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new("training", "training must be an object"));
            return;
        }

        Unknown(training, "training", TrainingProperties, problems);
        foreach (var name in (string[])["source", "format", "algorithm"])
        {
            if (training.TryGetProperty(name, out var text) && text.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            {
                problems.Add(new("training." + name, $"training.{name} must be a string"));
            }
        }

        Integer(training, "dimensions", "training.dimensions", 0, int.MaxValue, problems);
        if (training.TryGetProperty("events", out var events) && (events.ValueKind != JsonValueKind.Number || !events.TryGetInt64(out var count) || count < 0))
        {
            problems.Add(new("training.events", $"training.events {Text(events)} must be a whole number >= 0"));
        }

        foreach (var name in (string[])["trainedAt", "dataFrom", "dataTo"])
        {
            if (training.TryGetProperty(name, out var at) && at.ValueKind != JsonValueKind.Null
                && (at.ValueKind != JsonValueKind.String || !DateTimeOffset.TryParse(JsonText.Of(at), CultureInfo.InvariantCulture, DateTimeStyles.None, out _)))
            {
                problems.Add(new("training." + name, $"training.{name} '{Text(at)}' is not a date-time (ISO 8601)"));
            }
        }

        if (training.TryGetProperty("dataSha256", out var sha) && sha.ValueKind != JsonValueKind.Null
            && (sha.ValueKind != JsonValueKind.String || !IsSha256(JsonText.Of(sha) ?? "")))
        {
            problems.Add(new("training.dataSha256", $"training.dataSha256 '{Text(sha)}' is not 64 lower-case hex digits"));
        }

        if (training.TryGetProperty("metrics", out var metrics) && metrics.ValueKind != JsonValueKind.Null
            && (metrics.ValueKind != JsonValueKind.Object || metrics.EnumerateObject().Any(m => m.Value.ValueKind != JsonValueKind.Number)))
        {
            problems.Add(new("training.metrics", "training.metrics must map names to numbers"));
        }
    }

    private static bool IsSha256(string text) => text.Length == 64 && text.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    /// <summary>An optional integer property in <paramref name="min"/>..<paramref name="max"/>; its value when it is a whole number (in range or not).</summary>
    private static int? Integer(JsonElement parent, string name, string path, int min, int max, List<ConfigProblem> problems, string? note = null)
    {
        if (!parent.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (!IsInteger(value, path, problems, out var number))
        {
            return null;
        }

        if (number < min || number > max)
        {
            var range = max == int.MaxValue ? Invariant($">= {min}") : Invariant($"{min}..{max}");
            problems.Add(new(path, Invariant($"{path} {number} is outside {range}") + (note is null ? "" : " " + note)));
        }

        return (int)number;
    }

    private static bool IsInteger(JsonElement value, string path, List<ConfigProblem> problems, out long number)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out number) && number is >= int.MinValue and <= int.MaxValue)
        {
            return true;
        }

        number = 0;
        problems.Add(new(path, $"{path} {Text(value)} is not a whole number"));
        return false;
    }

    private static bool IsTimeSpan(JsonElement value, string path, List<ConfigProblem> problems, out TimeSpan span)
    {
        if (value.ValueKind == JsonValueKind.String && TimeSpan.TryParseExact(JsonText.Of(value), "c", CultureInfo.InvariantCulture, out span))
        {
            return true;
        }

        span = default;
        problems.Add(new(path, $"{path} '{Text(value)}' is not a time span ([d.]hh:mm:ss[.fffffff])"));
        return false;
    }

    private static void Unknown(JsonElement value, string path, string[] known, List<ConfigProblem> problems)
    {
        foreach (var property in value.EnumerateObject())
        {
            var name = JsonText.NameOf(property) ?? "(not UTF-8 text)";
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                var at = path.Length == 0 ? name : path + "." + name;
                problems.Add(new(at, $"unknown property '{at}' (known: {string.Join(", ", known)})"));
            }
        }
    }

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => JsonText.Of(value) ?? "(not UTF-8 text)",
        JsonValueKind.Undefined => "",
        _ => value.GetRawText(),
    };

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
