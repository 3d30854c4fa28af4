using System.Globalization;

namespace Orleans.Rec.Bench.Serving;

/// <summary>
/// The serving benchmark's markdown: a header line (date in UTC, machine, the exact command), then one table with, per
/// catalog, the raw ONNX Runtime limit, each shape of ours, the baseline and the ratio ours / simple for each shape.
/// </summary>
public sealed class ServingReport(DateTimeOffset startedAt, string machine, string command, int connections, int rounds)
{
    private readonly List<string> _rows = [];

    /// <summary>Adds one catalog's rows and returns them (to print as progress).</summary>
    /// <param name="catalog">The catalog cell, for example <c>20,000 × 64 (fp32, 26 MB)</c>.</param>
    /// <param name="formed">The batch ours formed, which the raw limit was measured at.</param>
    /// <param name="limit">Raw ONNX Runtime predictions per second at that batch.</param>
    /// <param name="ours">Each shape measured, in order.</param>
    /// <param name="simple">The baseline.</param>
    public IReadOnlyList<string> AddCatalog(string catalog, int formed, double limit, IReadOnlyList<(ServingShape Shape, ServingResult Result)> ours, ServingResult simple)
    {
        ArgumentNullException.ThrowIfNull(ours);
        ArgumentNullException.ThrowIfNull(simple);
        var rows = new List<string>
        {
            Invariant($"| {catalog} | raw ONNX Runtime at batch {formed} (the limit, no HTTP) | — | {limit:N0} | — | — | — | — | {formed} | {Environment.ProcessorCount * 100}% |"),
        };
        rows.AddRange(ours.Select(o => Row(catalog, o.Shape.Label, o.Result, o.Result.MeanBatch.ToString("N1", CultureInfo.InvariantCulture))));
        rows.Add(Row(catalog, "simple alternative (minimal API, one ORT run per request)", simple, "1"));
        rows.AddRange(ours.Select(o => Invariant($"| | **ours {o.Shape.Title} / simple** | | **{o.Result.Load.RequestsPerSecond / simple.Load.RequestsPerSecond:N2}×** | | | | | | |")));
        _rows.AddRange(rows);
        return rows;
    }

    /// <summary>The header line, the table and the load average at the end.</summary>
    public void Write(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine(Invariant($"Measured {startedAt:yyyy-MM-dd HH:mm} UTC on {machine} at the start; command: `{command}`"));
        output.WriteLine();
        output.WriteLine("| catalog | system | connections | requests/s | p50 ms | p95 ms | p99 ms | non-2xx / no answer | mean batch | server CPU |");
        output.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        _rows.ForEach(output.WriteLine);
        output.WriteLine();
        output.WriteLine(Invariant($"Each system measured in {rounds} windows, the systems taking turns (the others paused), its windows merged. Load average at the end: {MachineDescription.LoadAverage()}. Server CPU: the server processes' CPU time over wall time, warm-ups included ({Environment.ProcessorCount * 100}% = all cores)."));
    }

    /// <summary>The command line as it would be typed: <c>dotnet run -c Release --project Bench -- serving ARGS</c>.</summary>
    public static string CommandLine(IEnumerable<string> args)
    {
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var quoted = args.Select(a => a.Length > 0 && a.All(c => char.IsLetterOrDigit(c) || "-_.,/=:".Contains(c)) ? a : $"'{a.Replace("'", "'\\''", StringComparison.Ordinal)}'");
        return string.Join(' ', new[] { $"dotnet run -c {configuration} --project Bench -- serving" }.Concat(quoted));
    }

    private string Row(string catalog, string system, ServingResult result, string batch)
    {
        var r = result.Load;
        return Invariant($"| {catalog} | {system} | {connections} | {r.RequestsPerSecond:N0} | {r.P50:N1} | {r.P95:N1} | {r.P99:N1} | {r.Non2xx} / {r.NoAnswer} | {batch} | {result.CpuPercent:N0}% |");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
