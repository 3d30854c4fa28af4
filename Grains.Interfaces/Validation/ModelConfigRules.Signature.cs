using System.Globalization;
using System.Text.Json;

namespace Orleans.Rec.Validation;

/// <summary>The signature rules: which roles a model's tensors may have, with what element types and ranks.</summary>
public static partial class ModelConfigRules
{
    private static readonly string[] TopLevel =
    [
        "signature", "itemIds", "historyLength", "paddingIndex", "topK", "device", "deviceId", "training", "batching",
        "attributionEvents", "attributionWindow", "push",
    ];

    private static readonly string[] SignatureProperties = ["inputs", "outputs"];
    private static readonly string[] TensorProperties = ["name", "dataType", "dims", "role"];
    private static readonly string[] TopKProperties = ["default", "max"];
    private static readonly string[] BatchingProperties = ["maxBatchSize", "maxQueueDelay", "maxQueueLength", "instances"];
    private static readonly string[] PushProperties = ["enabled", "k", "debounce", "maxDelay"];

    private static readonly string[] TrainingProperties =
    [
        "source", "format", "algorithm", "dimensions", "events", "trainedAt", "metrics", "dataSha256", "dataFrom", "dataTo",
    ];

    /// <summary>Per role: input or output, the element types it may have, its rank.</summary>
    private static readonly Dictionary<string, (bool Input, string[] Types, int Rank)> Roles = new(StringComparer.Ordinal)
    {
        ["historyItemIds"] = (true, ["int64", "int32"], 2),
        ["historyLength"] = (true, ["int64", "int32"], 1),
        ["topK"] = (true, ["int64"], 1),
        ["scores"] = (false, ["float32"], 2),
        ["itemIds"] = (false, ["int64"], 2),
    };

    private static void CheckSignature(JsonElement config, List<ConfigProblem> problems)
    {
        if (!config.TryGetProperty("signature", out var signature) || signature.ValueKind == JsonValueKind.Null)
        {
            problems.Add(new("signature", "config has no signature"));
            return;
        }

        if (signature.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new("signature", "signature must be an object with 'inputs' and 'outputs'"));
            return;
        }

        Unknown(signature, "signature", SignatureProperties, problems);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var inputs = Tensors(signature, "inputs", input: true, names, problems);
        var outputs = Tensors(signature, "outputs", input: false, names, problems);
        Count(inputs, "historyItemIds", "input", 1, 1, problems);
        Count(inputs, "historyLength", "input", 0, 1, problems);
        Count(inputs, "topK", "input", 0, 1, problems);
        Count(outputs, "scores", "output", 1, 1, problems);
        Count(outputs, "itemIds", "output", 0, 1, problems);
        if (inputs.Contains("topK") && !outputs.Contains("itemIds"))
        {
            problems.Add(new("signature.outputs", "a topK input needs an output with role 'itemIds' (the ids of the top-k scores)"));
        }
    }

    /// <summary>Checks one list of tensors; returns the roles found (an unknown role counts as none).</summary>
    private static List<string> Tensors(JsonElement signature, string list, bool input, HashSet<string> names, List<ConfigProblem> problems)
    {
        var path = "signature." + list;
        var roles = new List<string>();
        if (!signature.TryGetProperty(list, out var tensors) || tensors.ValueKind != JsonValueKind.Array)
        {
            problems.Add(new(path, $"{path} must be an array of tensors"));
            return roles;
        }

        var i = 0;
        foreach (var tensor in tensors.EnumerateArray())
        {
            var at = string.Create(CultureInfo.InvariantCulture, $"{path}[{i++}]");
            if (tensor.ValueKind != JsonValueKind.Object)
            {
                problems.Add(new(at, $"{at} must be an object with name, dataType, dims and role"));
                continue;
            }

            Unknown(tensor, at, TensorProperties, problems);
            var name = tensor.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? JsonText.Of(n) : null;
            if (string.IsNullOrWhiteSpace(name))
            {
                problems.Add(new(at + ".name", "a signature tensor has no name"));
            }
            else if (!names.Add(name))
            {
                problems.Add(new(at + ".name", $"tensor name '{name}' appears more than once in the signature"));
            }

            var label = name ?? at;
            var dataType = tensor.TryGetProperty("dataType", out var d) ? Text(d) : "";
            if (!DataTypes.Contains(dataType))
            {
                problems.Add(new(at + ".dataType", $"tensor '{label}' has data type '{dataType}'; expected one of {string.Join(", ", DataTypes)}"));
            }

            var rank = Dims(tensor, at, label, problems);
            var role = tensor.TryGetProperty("role", out var r) ? Text(r) : "";
            if (!Roles.TryGetValue(role, out var rule))
            {
                problems.Add(new(at + ".role", $"tensor '{label}' has role '{role}'; expected one of {string.Join(", ", Roles.Keys)}"));
                continue;
            }

            roles.Add(role);
            if (rule.Input != input)
            {
                problems.Add(new(at + ".role", $"{(input ? "input" : "output")} '{label}' has the {(rule.Input ? "input" : "output")} role '{role}'"));
                continue;
            }

            if (DataTypes.Contains(dataType) && !rule.Types.Contains(dataType))
            {
                problems.Add(new(at + ".dataType", $"{role} tensor '{label}' is {dataType}; it must be {string.Join(" or ", rule.Types)}"));
            }

            if (rank is int actual && actual != rule.Rank)
            {
                problems.Add(new(at + ".dims", $"{role} tensor '{label}' has rank {actual}; it must have rank {rule.Rank}"));
            }
        }

        return roles;
    }

    /// <summary>Dimensions: -1 (dynamic) or a positive size each; returns the rank when the list is well formed.</summary>
    private static int? Dims(JsonElement tensor, string at, string label, List<ConfigProblem> problems)
    {
        if (!tensor.TryGetProperty("dims", out var dims) || dims.ValueKind != JsonValueKind.Array)
        {
            problems.Add(new(at + ".dims", $"tensor '{label}' needs dims: an array of sizes (-1 = dynamic)"));
            return null;
        }

        foreach (var dim in dims.EnumerateArray())
        {
            if (dim.ValueKind != JsonValueKind.Number || !dim.TryGetInt64(out var size) || size is 0 or < -1)
            {
                problems.Add(new(at + ".dims", $"tensor '{label}' has dimension {Text(dim)}; each must be -1 (dynamic) or a size >= 1"));
                return null;
            }
        }

        return dims.GetArrayLength();
    }

    private static void Count(List<string> roles, string role, string kind, int min, int max, List<ConfigProblem> problems)
    {
        var count = roles.Count(r => r == role);
        if (count < min || count > max)
        {
            var need = min == max ? "exactly one" : "at most one";
            problems.Add(new("signature." + kind + "s", Invariant($"signature needs {need} {kind} with role '{role}', found {count}")));
        }
    }
}
