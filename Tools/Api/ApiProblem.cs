namespace Orleans.Rec.Tools.Api;

/// <summary>A failed gateway call: the HTTP status (0 when no response came) and the ProblemDetails title and detail.</summary>
public sealed record ApiProblem(int Status, string Title, string? Detail)
{
    public override string ToString() => Detail is null ? $"{Status} {Title}" : $"{Status} {Title}: {Detail}";
}
