namespace Orleans.Rec.Bench.Serving;

/// <summary>
/// How <c>./run.sh</c> lays out the platform: <see cref="CoHosted"/> (the default: one silo process that also serves the
/// REST API) or <see cref="Gateway"/> (<c>REC_SHAPE=gateway</c>: the silo without the API plus the Client.Api gateway
/// process, what the cluster profile deploys).
/// </summary>
/// <param name="Name">The name on the command line (<c>--shapes cohosted,gateway</c>).</param>
/// <param name="Title">The short name in the ratio rows: co-hosted, gateway+silo.</param>
/// <param name="Label">How the table names the system.</param>
/// <param name="RecShape">The <c>REC_SHAPE</c> run.sh is started with; null = unset (run.sh's default).</param>
/// <param name="Processes">Server processes run.sh starts in this shape: 1 (silo) or 2 (silo, gateway).</param>
public sealed record ServingShape(string Name, string Title, string Label, string? RecShape, int Processes)
{
    public static readonly ServingShape CoHosted = new("cohosted", "co-hosted", "Orleans.Rec co-hosted (`./run.sh`: one silo process serving the REST API)", null, 1);

    public static readonly ServingShape Gateway = new("gateway", "gateway+silo", "Orleans.Rec gateway+silo (`REC_SHAPE=gateway ./run.sh`: silo + Client.Api process)", "gateway", 2);

    /// <summary>Both shapes, co-hosted (the headline) first.</summary>
    public static IReadOnlyList<ServingShape> All { get; } = [CoHosted, Gateway];

    /// <summary>A comma-separated list of shape names, in the order of <see cref="All"/>; throws on an unknown name or an empty list.</summary>
    public static ServingShape[] ParseList(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var names = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = names.Where(n => All.All(s => !string.Equals(s.Name, n, StringComparison.OrdinalIgnoreCase))).ToArray();
        if (unknown.Length > 0 || names.Length == 0)
        {
            throw new ArgumentException($"--shapes takes a comma-separated list of {string.Join(", ", All.Select(s => s.Name))}; got '{text}'");
        }

        return [.. All.Where(s => names.Contains(s.Name, StringComparer.OrdinalIgnoreCase))];
    }
}
