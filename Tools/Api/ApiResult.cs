using System.Diagnostics.CodeAnalysis;

namespace Orleans.Rec.Tools.Api;

/// <summary>The outcome of a gateway call: a value, or the problem the gateway (or the network) reported.</summary>
public sealed record ApiResult<T>(T? Value, ApiProblem? Problem)
{
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Problem))]
    public bool Succeeded => Problem is null && Value is not null;

    public static ApiResult<T> Success(T value) => new(value, null);

    public static ApiResult<T> Failure(ApiProblem problem) => new(default, problem);
}
