namespace Orleans.Rec.Models;

/// <summary>One change to a model: what was done, to which version, by whom and when.</summary>
[GenerateSerializer, Immutable, Alias("rec.AuditEntry")]
public sealed record AuditEntry
{
    /// <summary>1, 2, 3… per model.</summary>
    [Id(0)] public required long Sequence { get; init; }

    /// <summary>When it happened.</summary>
    [Id(1)] public required DateTimeOffset At { get; init; }

    /// <summary>The caller's identity (e.g. <c>operator:1a2b3c4d</c>, or the token's subject).</summary>
    [Id(2)] public required string Actor { get; init; }

    /// <summary>upload, activate, rollback, traffic, config or retire.</summary>
    [Id(3)] public required string Action { get; init; }

    /// <summary>The version concerned, when one is.</summary>
    [Id(4)] public int? Version { get; init; }

    /// <summary>What changed, in words.</summary>
    [Id(5)] public string Detail { get; init; } = "";
}
