using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Orleans.Rec.Models;
using Orleans.Rec.Validation;

namespace Orleans.Rec.Inference;

/// <summary>Checks an uploaded artifact against its config by opening it in ONNX Runtime.</summary>
public static class ModelInspector
{
    /// <summary>Throws <see cref="ModelValidationException"/> naming every mismatch, or returns when the pair is usable.</summary>
    public static void Validate(byte[] artifact, ModelConfig config)
    {
        if (ModelConfigRules.Check(config) is { Count: > 0 } configProblems)
        {
            throw new ModelValidationException("invalid config", ByPath("config.", configProblems));
        }

        var problems = new List<string>();

        InferenceSession session;
        try
        {
            session = OnnxSessionFactory.CreateForInspection(artifact);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelValidationException($"artifact is not a loadable ONNX model: {FirstLine(e.Message)}", e);
        }

        using (session)
        {
            Compare("input", config.Signature.Inputs, session.InputMetadata, problems);
            Compare("output", config.Signature.Outputs, session.OutputMetadata, problems);
            foreach (var name in session.InputMetadata.Keys.Where(n => config.Signature.Inputs.All(s => s.Name != n)))
            {
                problems.Add($"model input '{name}' is not declared in the config signature");
            }
        }

        if (problems.Count > 0)
        {
            throw new ModelValidationException("artifact does not match its config", new Dictionary<string, string[]> { ["artifact"] = [.. problems] });
        }
    }

    /// <summary>Config problems grouped by field, each path under <paramref name="prefix"/>.</summary>
    public static Dictionary<string, string[]> ByPath(string prefix, IEnumerable<ConfigProblem> problems) =>
        problems.GroupBy(p => prefix + p.Path, StringComparer.Ordinal).ToDictionary(g => g.Key.TrimEnd('.'), g => g.Select(p => p.Message).ToArray(), StringComparer.Ordinal);

    private static void Compare(string kind, TensorSpec[] declared, IReadOnlyDictionary<string, NodeMetadata> actual, List<string> problems)
    {
        foreach (var spec in declared)
        {
            if (!actual.TryGetValue(spec.Name, out var meta))
            {
                problems.Add($"config {kind} '{spec.Name}' is not an {kind} of the model (model {kind}s: {string.Join(", ", actual.Keys)})");
                continue;
            }

            var type = TypeName(meta);
            if (type != spec.DataType)
            {
                problems.Add($"{kind} '{spec.Name}' is {type} in the model but {spec.DataType} in the config");
            }

            var dims = meta.Dimensions;
            if (dims.Length != spec.Dims.Length)
            {
                problems.Add($"{kind} '{spec.Name}' has rank {dims.Length} in the model but {spec.Dims.Length} in the config");
                continue;
            }

            for (var i = 0; i < dims.Length; i++)
            {
                if (dims[i] > 0 && spec.Dims[i] > 0 && dims[i] != spec.Dims[i])
                {
                    problems.Add($"{kind} '{spec.Name}' dimension {i} is {dims[i]} in the model but {spec.Dims[i]} in the config");
                }
            }
        }
    }

    private static string TypeName(NodeMetadata meta)
    {
        if (!meta.IsTensor)
        {
            return "non-tensor";
        }

        return meta.ElementDataType switch
        {
            TensorElementType.Int64 => "int64",
            TensorElementType.Int32 => "int32",
            TensorElementType.Float => "float32",
            var other => other.ToString().ToLowerInvariant(),
        };
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
