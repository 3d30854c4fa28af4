using Orleans.Rec.Models;

namespace Orleans.Rec.Tools.Models;

/// <summary>
/// What <see cref="ModelRoleAssigner"/> made of a graph: the role of each input and output it could settle,
/// questions where the graph is ambiguous (each naming the candidates and the flag that chooses), problems where
/// the graph cannot be served, and notes on how it will be served.
/// </summary>
public sealed record RoleAssignment
{
    public required IReadOnlyList<GraphTensor> Inputs { get; init; }

    public required IReadOnlyList<GraphTensor> Outputs { get; init; }

    /// <summary>Tensor name → role, for the tensors that have one.</summary>
    public required IReadOnlyDictionary<string, TensorRole> Roles { get; init; }

    /// <summary>Choices the user must make (with the flag for each); the graph is served only once there are none.</summary>
    public required IReadOnlyList<string> Questions { get; init; }

    /// <summary>Why the graph cannot be served as it is.</summary>
    public required IReadOnlyList<string> Problems { get; init; }

    /// <summary>How the graph will be served: fixed batch of one, fixed history length, the output form.</summary>
    public required IReadOnlyList<string> Notes { get; init; }

    /// <summary>True when every tensor the platform needs has its role and nothing stands in the way.</summary>
    public bool Complete => Questions.Count == 0 && Problems.Count == 0;

    /// <summary>True when the batch dimension is fixed to 1: the version is served one request per run.</summary>
    public bool OneRequestPerRun { get; init; }

    /// <summary>The history length fixed in the graph, if it is.</summary>
    public int? FixedHistoryLength { get; init; }

    /// <summary>The role of <paramref name="name"/>, if it has one.</summary>
    public TensorRole? RoleOf(string name) => Roles.TryGetValue(name, out var role) ? role : null;

    /// <summary>The config signature of a complete assignment (inputs and outputs with roles, in graph order).</summary>
    public ModelSignature Signature() => new()
    {
        Inputs = Inputs.Where(t => Roles.ContainsKey(t.Name)).Select(Spec).ToArray(),
        Outputs = Outputs.Where(t => Roles.ContainsKey(t.Name)).Select(Spec).ToArray(),
    };

    private TensorSpec Spec(GraphTensor tensor) => new()
    {
        Name = tensor.Name,
        DataType = tensor.ElementType,
        Dims = tensor.Dims,
        Role = Roles[tensor.Name],
    };
}
