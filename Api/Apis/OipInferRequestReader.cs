using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Orleans.Rec.Api.Contracts.Oip;
using Orleans.Rec.Models;

namespace Orleans.Rec.Api.Apis;

/// <summary>
/// Reads an Open Inference Protocol infer request against the model version's signature: the history rows, the k
/// asked for and the outputs wanted, or the one message that says what is wrong. No I/O: the endpoint
/// (<see cref="InferenceProtocolApi"/>) resolves the version and checks what needs the version's config (k limits, item
/// indices).
/// </summary>
internal static class OipInferRequestReader
{
    /// <summary>The first name-like field longer than an id may be (the answer would echo it), or null.</summary>
    public static string? OverlongText(OipInferRequest body)
    {
        static bool TooLong(string? text) => text is { Length: > InputRules.MaxIdLength };

        if (TooLong(body.Id))
        {
            return "id";
        }

        for (var i = 0; i < body.Inputs?.Length; i++)
        {
            if (TooLong(body.Inputs[i].Name))
            {
                return $"inputs[{i}].name";
            }

            if (TooLong(body.Inputs[i].Datatype))
            {
                return $"inputs[{i}].datatype";
            }
        }

        for (var i = 0; i < body.Outputs?.Length; i++)
        {
            if (TooLong(body.Outputs[i].Name))
            {
                return $"outputs[{i}].name";
            }
        }

        return null;
    }

    /// <summary>What infer returns: the scores output and the item indices output (named <c>items</c> when the model has none).</summary>
    public static (string Name, string Datatype, bool Scores)[] Outputs(ModelSignature signature)
    {
        var scores = signature.Outputs.Single(o => o.Role == TensorRole.Scores);
        var items = signature.Outputs.SingleOrDefault(o => o.Role == TensorRole.ItemIds);
        return [(scores.Name, "FP32", true), (items?.Name ?? "items", "INT64", false)];
    }

    /// <summary>The request's rows, k (0: not given) and wanted outputs; false with the message when it does not fit the signature.</summary>
    public static bool TryRead(OipInferRequest? body, ModelSignature signature, [NotNullWhen(true)] out OipInferInputs? read, [NotNullWhen(false)] out string? error)
    {
        read = null;
        if (body?.Inputs is not { Length: > 0 } inputs)
        {
            error = "the request must have at least one input";
            return false;
        }

        var historySpec = signature.Inputs.Single(s => s.Role == TensorRole.HistoryItemIds);
        var topKSpec = signature.Inputs.SingleOrDefault(s => s.Role == TensorRole.TopK);
        long[][]? rows = null;
        var k = 0;
        foreach (var input in inputs)
        {
            error = ReadInput(input, signature, historySpec, topKSpec, ref rows, ref k);
            if (error is not null)
            {
                return false;
            }
        }

        if (rows is null)
        {
            error = $"input '{historySpec.Name}' is required";
            return false;
        }

        var outputs = Outputs(signature);
        var wanted = body.Outputs is { Length: > 0 } requested ? requested.Select(o => o.Name ?? "").ToArray() : outputs.Select(o => o.Name).ToArray();
        if (wanted.FirstOrDefault(w => outputs.All(o => o.Name != w)) is { } unknown)
        {
            error = $"unexpected output '{unknown}'; the model's outputs are {string.Join(", ", outputs.Select(o => o.Name))}";
            return false;
        }

        read = new OipInferInputs(body.Id, rows, k, wanted);
        error = null;
        return true;
    }

    /// <summary>One input tensor into the rows or k; the message when it does not fit, else null.</summary>
    private static string? ReadInput(OipInputTensor input, ModelSignature signature, TensorSpec historySpec, TensorSpec? topKSpec, ref long[][]? rows, ref int k)
    {
        var spec = signature.Inputs.FirstOrDefault(s => s.Name == input.Name);
        if (spec is null)
        {
            return $"unexpected input '{input.Name}'; the model's inputs are {string.Join(", ", signature.Inputs.Select(s => s.Name))}";
        }

        if (input.Datatype is not ("INT64" or "INT32"))
        {
            return $"input '{input.Name}' must have datatype INT64 or INT32, not '{input.Datatype}'";
        }

        var data = new List<long>();
        if (!Flatten(input.Data, data))
        {
            return $"input '{input.Name}' data must be whole numbers";
        }

        var shape = input.Shape ?? [];
        if (shape.Any(d => d < 0) || shape.Aggregate(1L, (a, d) => a * d) != data.Count)
        {
            return $"input '{input.Name}' has {data.Count} elements, which does not match its shape [{string.Join(",", shape)}]";
        }

        if (spec == historySpec)
        {
            if (shape.Length != 2 || shape[0] < 1)
            {
                return $"input '{input.Name}' must have shape [batch, length]";
            }

            var length = (int)shape[1];
            rows = Enumerable.Range(0, (int)shape[0]).Select(r => data.GetRange(r * length, length).ToArray()).ToArray();
        }
        else if (spec == topKSpec)
        {
            if (data.Count != 1 || data[0] < 1)
            {
                return $"input '{input.Name}' must hold one positive number";
            }

            k = (int)Math.Min(data[0], int.MaxValue);
        }

        return null;
    }

    private static bool Flatten(JsonElement element, List<long> into)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (!Flatten(item, into))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValueKind.Number when element.TryGetInt64(out var value):
                into.Add(value);
                return true;
            default:
                return false;
        }
    }
}

/// <summary>
/// An infer request as read: its id (echoed in the answer), history rows (model item indices), k (0: the version's
/// default) and the outputs wanted, in order.
/// </summary>
internal sealed record OipInferInputs(string? Id, long[][] Rows, int K, string[] Outputs);
