using System.Text;

namespace Orleans.Rec.Models;

/// <summary>
/// Which version serves whom: the active version, or a split of users across versions (sticky by a stable hash of
/// the user id), plus an optional shadow version that scores a copy of the traffic without its answer being served.
/// </summary>
[GenerateSerializer, Immutable, Alias("rec.TrafficPolicy")]
public sealed record TrafficPolicy
{
    /// <summary>The active version; it serves every user when there is no split.</summary>
    [Id(0)] public int? Active { get; init; }

    /// <summary>The split, ordered by version; empty when the active version serves everyone. Percentages sum to 100.</summary>
    [Id(1)] public TrafficSplit[] Splits { get; init; } = [];

    /// <summary>The version that scores a copy of the traffic for comparison; its answers are never returned.</summary>
    [Id(2)] public int? Shadow { get; init; }

    /// <summary>
    /// Grows by one with every change of the model's policy (activation, rollback, split, shadow), so a silo that
    /// caches policies keeps the newest one whichever arrives first.
    /// </summary>
    [Id(3)] public long Revision { get; init; }

    /// <summary>The versions that take traffic (active, split members and shadow), each once, ascending.</summary>
    public int[] Versions =>
        Splits.Select(s => s.Version).Concat(Active is int a ? [a] : []).Concat(Shadow is int s ? [s] : []).Distinct().Order().ToArray();

    /// <summary>The version that serves <paramref name="userId"/>; the same user always gets the same version of one split.</summary>
    public int? Route(string userId)
    {
        if (Splits.Length == 0)
        {
            return Active;
        }

        var bucket = Bucket(userId);
        var upper = 0;
        foreach (var split in Splits)
        {
            upper += split.Percent;
            if (bucket < upper)
            {
                return split.Version;
            }
        }

        return Splits[^1].Version;
    }

    /// <summary>The user's bucket 0..99: FNV-1a (64-bit) of the UTF-8 user id, stable across processes and releases.</summary>
    public static int Bucket(string userId)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(userId))
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }

        return (int)(hash % 100);
    }
}
