using System.Text.Json;
using Orleans.Rec.Models;

namespace Orleans.Rec.Inference;

/// <summary>The rules a model config must follow on its own, before the artifact is looked at.</summary>
public static class ModelConfigRules
{
    public static readonly string[] Devices = ["cpu", "cuda"];

    private static readonly string[] DataTypes = ["int64", "int32", "float32"];

    /// <summary>Every problem with the config; empty when it is valid.</summary>
    public static List<string> Check(ModelConfig config)
    {
        var problems = new List<string>();
        if (config.Signature is null)
        {
            problems.Add("config has no signature");
            return problems;
        }

        var inputs = config.Signature.Inputs ?? [];
        var outputs = config.Signature.Outputs ?? [];
        Require(inputs, TensorRole.HistoryItemIds, "input", problems);
        Require(outputs, TensorRole.Scores, "output", problems);
        foreach (var spec in inputs.Concat(outputs))
        {
            if (string.IsNullOrWhiteSpace(spec.Name))
            {
                problems.Add("a signature tensor has no name");
            }

            if (!DataTypes.Contains(spec.DataType))
            {
                problems.Add($"tensor '{spec.Name}' has data type '{spec.DataType}'; expected one of {string.Join(", ", DataTypes)}");
            }
        }

        foreach (var spec in inputs.Where(s => s.Role is TensorRole.Scores or TensorRole.ItemIds))
        {
            problems.Add($"input '{spec.Name}' has the output role '{RoleName(spec.Role)}'");
        }

        foreach (var spec in outputs.Where(s => s.Role is TensorRole.HistoryItemIds or TensorRole.HistoryLength or TensorRole.TopK))
        {
            problems.Add($"output '{spec.Name}' has the input role '{RoleName(spec.Role)}'");
        }

        if (config.ItemIds is null || config.ItemIds.Length == 0)
        {
            problems.Add("config lists no itemIds");
        }
        else if (config.ItemIds.Distinct(StringComparer.Ordinal).Count() != config.ItemIds.Length)
        {
            problems.Add("config itemIds contain duplicates");
        }

        if (config.HistoryLength is < 1 or > 10_000)
        {
            problems.Add($"historyLength {config.HistoryLength} is outside 1..10000");
        }

        if (config.PaddingIndex != 0)
        {
            problems.Add($"paddingIndex {config.PaddingIndex} is not supported; item index 0 must be the padding");
        }

        if (config.TopK is null || config.TopK.Max < 1 || config.TopK.Default < 1 || config.TopK.Default > config.TopK.Max)
        {
            problems.Add("topK needs 1 <= default <= max");
        }

        CheckBatching(config.Batching, problems);

        if (config.AttributionEvents is < 1 or > 1000)
        {
            problems.Add($"attributionEvents {config.AttributionEvents} is outside 1..1000");
        }

        if (config.AttributionWindow <= TimeSpan.Zero || config.AttributionWindow > TimeSpan.FromDays(7))
        {
            problems.Add($"attributionWindow {config.AttributionWindow} is outside (0, 7 days]");
        }

        CheckPush(config.Push, config.TopK, problems);

        if (!Devices.Contains(config.Device))
        {
            problems.Add($"device '{config.Device}' is not one of {string.Join(", ", Devices)}");
        }

        return problems;
    }

    /// <summary>Limits of the batching parameters; the batch size also bounds ONNX Runtime's arena.</summary>
    public static void CheckBatching(BatchingConfig? batching, List<string> problems)
    {
        if (batching is null)
        {
            problems.Add("batching is missing");
            return;
        }

        if (batching.MaxBatchSize is < 1 or > 1024)
        {
            problems.Add($"batching.maxBatchSize {batching.MaxBatchSize} is outside 1..1024");
        }

        if (batching.MaxQueueDelay < TimeSpan.Zero || batching.MaxQueueDelay > TimeSpan.FromSeconds(1))
        {
            problems.Add($"batching.maxQueueDelay {batching.MaxQueueDelay} is outside 0..1s");
        }

        if (batching.MaxQueueLength < Math.Max(1, batching.MaxBatchSize))
        {
            problems.Add($"batching.maxQueueLength {batching.MaxQueueLength} is below maxBatchSize {batching.MaxBatchSize}");
        }

        if (batching.Instances is < 0 or > 64)
        {
            problems.Add($"batching.instances {batching.Instances} is outside 0..64 (0 = one per core)");
        }
    }

    /// <summary>Limits of push mode: k within the version's limits, a debounce window no longer than the burst's cap.</summary>
    public static void CheckPush(PushConfig? push, TopKLimits? topK, List<string> problems)
    {
        if (push is null)
        {
            problems.Add("push is missing");
            return;
        }

        if (push.K < 0 || (topK is not null && push.K > topK.Max))
        {
            problems.Add($"push.k {push.K} is outside 0..{topK?.Max ?? 0} (0 = topK.default)");
        }

        if (push.Debounce < TimeSpan.Zero || push.Debounce > TimeSpan.FromMinutes(1))
        {
            problems.Add($"push.debounce {push.Debounce} is outside 0..1 minute");
        }

        if (push.MaxDelay < push.Debounce || push.MaxDelay > TimeSpan.FromMinutes(10))
        {
            problems.Add($"push.maxDelay {push.MaxDelay} is outside push.debounce ({push.Debounce})..10 minutes");
        }
    }

    public static string RoleName(TensorRole role) => JsonNamingPolicy.CamelCase.ConvertName(role.ToString());

    private static void Require(TensorSpec[] specs, TensorRole role, string kind, List<string> problems)
    {
        var count = specs.Count(s => s.Role == role);
        if (count != 1)
        {
            problems.Add($"signature needs exactly one {kind} with role '{RoleName(role)}', found {count}");
        }
    }
}
