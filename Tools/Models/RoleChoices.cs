namespace Orleans.Rec.Tools.Models;

/// <summary>Roles named on the command line (<c>--history</c>, <c>--length</c>, <c>--top-k</c>, <c>--scores</c>, <c>--items</c>), which settle an ambiguous graph.</summary>
public sealed record RoleChoices
{
    public string? History { get; init; }

    public string? Length { get; init; }

    public string? TopK { get; init; }

    public string? Scores { get; init; }

    public string? Items { get; init; }
}
