using System.Text.RegularExpressions;
using Orleans.Rec.Models;

namespace Orleans.Rec.Tools.Models;

/// <summary>
/// Decides what each input and output of an exported graph means to the platform (the model contract in
/// docs/models.md): the history (an int64/int32 tensor of rank 2), its length (rank 1, one per row), k (int64 [1]),
/// the scores (float32 rank 2) and the ranked item ids (int64 rank 2, from a TopK). Where the shapes and names leave
/// more than one answer it asks — naming the candidates and the flag that chooses — and never guesses. Pure: it
/// reads the graph's tensors, not the file.
/// </summary>
public static partial class ModelRoleAssigner
{
    /// <summary>The roles of <paramref name="inputs"/> and <paramref name="outputs"/>, settled by <paramref name="choices"/> where given.</summary>
    public static RoleAssignment Assign(IReadOnlyList<GraphTensor> inputs, IReadOnlyList<GraphTensor> outputs, RoleChoices? choices = null)
    {
        choices ??= new RoleChoices();
        var roles = new Dictionary<string, TensorRole>(StringComparer.Ordinal);
        var questions = new List<string>();
        var problems = new List<string>();
        var notes = new List<string>();

        var history = Pick(inputs, choices.History, "--history", t => t.IsInteger && t.Dims.Length == 2, "history", problems, questions,
            "an int64 or int32 tensor of rank 2, [batch, length]");
        if (history is not null)
        {
            roles[history.Name] = TensorRole.HistoryItemIds;
        }

        AssignSmallInputs(inputs, history, choices, roles, questions, problems);
        // While a question is open its candidates are not refused: the answer gives them their roles.
        var open = questions.Count > 0;
        foreach (var input in inputs.Where(t => !roles.ContainsKey(t.Name) && !IsChosen(t.Name, choices) && !(open && t.IsInteger && t.Dims.Length is 1 or 2)))
        {
            problems.Add($"input {input.Describe()} has no role the platform can fill (it feeds only the history, its length and k); re-export the model without it, or with it folded into the graph");
        }

        var scores = Pick(outputs, choices.Scores, "--scores", t => t.ElementType == "float32" && t.Dims.Length == 2, "scores", problems, questions,
            "a float32 tensor of rank 2, [batch, items + 1] or [batch, k]");
        if (scores is not null)
        {
            roles[scores.Name] = TensorRole.Scores;
        }

        var itemCandidates = outputs.Where(t => t.IsInteger && t.Dims.Length == 2 && t != scores).ToList();
        var items = choices.Items is not null || itemCandidates.Count > 0
            ? Pick(outputs, choices.Items, "--items", t => t.IsInteger && t.Dims.Length == 2, "item ids", problems, questions, "an int64 tensor of rank 2, [batch, k]")
            : null;
        if (items is not null)
        {
            if (items.ElementType != "int64")
            {
                problems.Add($"output {items.Describe()} holds item ids as {items.ElementType}; the platform reads them as int64 (TopK's indices are int64: drop the Cast in the export)");
            }

            roles[items.Name] = TensorRole.ItemIds;
        }

        foreach (var output in outputs.Where(t => !roles.ContainsKey(t.Name)))
        {
            notes.Add($"output {output.Describe()} is not used");
        }

        var topK = roles.Any(r => r.Value == TensorRole.TopK);
        if (topK && items is null)
        {
            problems.Add("the graph takes k but has no item-id output: with a k input the platform needs the TopK's indices (int64 [batch, k]) beside its values");
        }

        var oneRequestPerRun = history is not null && history.Dims[0] == 1;
        if (oneRequestPerRun)
        {
            notes.Add("the batch dimension is fixed to 1: the version is served without batching, one request per run (export with a dynamic batch axis to batch)");
        }

        int? fixedLength = history is not null && history.Dims[1] > 0 ? (int)Math.Min(history.Dims[1], 10_000) : null;
        if (fixedLength is int length)
        {
            notes.Add($"the history length is fixed at {length}: each history is left-padded with 0 to {length} (its most recent {length} items kept)");
        }
        else if (history is not null)
        {
            notes.Add("the history length is dynamic: each batch is left-padded with 0 to its longest history (a model whose output depends on the padding, such as an RNN without masking, should fix the length)");
        }

        if (scores is not null)
        {
            notes.Add(items is null
                ? $"scores only: output '{scores.Name}' has a score per model index, column 0 the padding, columns 1..N the items of the catalog in order; the platform ranks them"
                : $"ranked output: '{items.Name}' holds model indices best first, '{scores.Name}' their scores");
        }

        return new RoleAssignment
        {
            Inputs = inputs,
            Outputs = outputs,
            Roles = roles,
            Questions = questions,
            Problems = problems,
            Notes = notes,
            OneRequestPerRun = oneRequestPerRun,
            FixedHistoryLength = fixedLength,
        };
    }

    /// <summary>The rank-1 integer inputs: the history's length (one per row) or k (int64 [1]).</summary>
    private static void AssignSmallInputs(
        IReadOnlyList<GraphTensor> inputs, GraphTensor? history, RoleChoices choices, Dictionary<string, TensorRole> roles, List<string> questions, List<string> problems)
    {
        foreach (var (name, role, flag) in new[] { (choices.Length, TensorRole.HistoryLength, "--length"), (choices.TopK, TensorRole.TopK, "--top-k") })
        {
            if (name is null)
            {
                continue;
            }

            if (inputs.FirstOrDefault(t => t.Name == name) is not { } chosen)
            {
                problems.Add($"{flag} {name}: the model has no input '{name}' (inputs: {string.Join(", ", inputs.Select(t => t.Name))})");
            }
            else if (!chosen.IsInteger || chosen.Dims.Length != 1)
            {
                problems.Add($"{flag} {name}: input {chosen.Describe()} must be an int64 or int32 tensor of rank 1");
            }
            else
            {
                roles[name] = role;
            }
        }

        var batchFixedToOne = history is not null && history.Dims[0] == 1;
        foreach (var input in inputs.Where(t => t.IsInteger && t.Dims.Length == 1 && !roles.ContainsKey(t.Name)))
        {
            var kName = KName().IsMatch(input.Name);
            var lengthName = LengthName().IsMatch(input.Name);
            TensorRole? role = input.Dims[0] != 1 ? TensorRole.HistoryLength // one per row of a dynamic batch: k is always [1]
                : kName && !lengthName ? TensorRole.TopK
                : lengthName && !kName ? TensorRole.HistoryLength
                : !batchFixedToOne ? TensorRole.TopK // a [1] input beside a dynamic batch cannot be one per row
                : null;
            if (role is null)
            {
                questions.Add($"Is input {input.Describe()} the history's length or k? Choose with --length {input.Name} or --top-k {input.Name}.");
                continue;
            }

            if (role == TensorRole.TopK && input.ElementType != "int64")
            {
                problems.Add($"input {input.Describe()} looks like k, which the platform passes as int64 [1] (ONNX TopK takes int64)");
                continue;
            }

            if (roles.ContainsValue(role.Value))
            {
                var taken = roles.First(r => r.Value == role.Value).Key;
                var flag = role == TensorRole.TopK ? "--top-k" : "--length";
                questions.Add($"Which input is the {(role == TensorRole.TopK ? "k" : "history's length")}? Candidates: '{taken}', '{input.Name}'. Choose with {flag} NAME.");
                roles.Remove(taken);
                continue;
            }

            roles[input.Name] = role.Value;
        }
    }

    /// <summary>
    /// The one tensor of <paramref name="tensors"/> that fits: the chosen one, or the only candidate. None fits: a
    /// problem; several: a question naming them and <paramref name="flag"/>.
    /// </summary>
    private static GraphTensor? Pick(
        IReadOnlyList<GraphTensor> tensors, string? chosen, string flag, Func<GraphTensor, bool> fits, string what, List<string> problems, List<string> questions, string rule)
    {
        if (chosen is not null)
        {
            var named = tensors.FirstOrDefault(t => t.Name == chosen);
            if (named is null)
            {
                problems.Add($"{flag} {chosen}: the model has no such tensor (it has: {string.Join(", ", tensors.Select(t => t.Name))})");
                return null;
            }

            if (!fits(named))
            {
                problems.Add($"{flag} {chosen}: {named.Describe()} cannot be the {what}: it must be {rule}");
                return null;
            }

            return named;
        }

        var candidates = tensors.Where(fits).ToList();
        switch (candidates.Count)
        {
            case 1:
                return candidates[0];
            case 0:
                problems.Add($"no tensor can be the {what}: it must be {rule} (the graph has: {string.Join(", ", tensors.Select(t => t.Describe()))})");
                return null;
            default:
                questions.Add($"Which tensor is the {what}? Candidates: {string.Join(", ", candidates.Select(t => t.Describe()))}. Choose with {flag} NAME.");
                return null;
        }
    }

    private static bool IsChosen(string name, RoleChoices choices) =>
        name == choices.History || name == choices.Length || name == choices.TopK;

    [GeneratedRegex(@"(^|[_\-.])(k|top_?k|topk|num_?items)$|top_?k", RegexOptions.IgnoreCase)]
    private static partial Regex KName();

    [GeneratedRegex(@"len|length|lengths|count|size", RegexOptions.IgnoreCase)]
    private static partial Regex LengthName();
}
