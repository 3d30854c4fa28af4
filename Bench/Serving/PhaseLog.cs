using System.Globalization;

namespace Orleans.Rec.Bench.Serving;

/// <summary>Progress lines on stderr, each with the UTC time and the part of the run it belongs to (catalog, system).</summary>
public sealed class PhaseLog(string tag)
{
    /// <summary>The same log for a narrower part of the run: <c>[20,000 items] </c> → <c>[20,000 items, cohosted] </c>.</summary>
    public PhaseLog For(string part) => new($"{tag}, {part}");

    public void Write(string message) =>
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:HH:mm:ss} [{tag}] {message}"));
}
