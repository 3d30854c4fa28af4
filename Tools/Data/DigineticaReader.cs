using System.Globalization;

namespace Orleans.Rec.Tools.Data;

/// <summary>
/// Reads DIGINETICA (CIKM Cup 2016) item views <c>session_id;user_id;item_id;timeframe;eventdate</c> as view events.
/// The session is the user (user_id is mostly NA); the timestamp is eventdate (UTC) plus timeframe milliseconds.
/// Purchases (<c>sessionId;userId;timeframe;eventdate;ordernumber;itemId</c>) of the sessions present in the views
/// become purchase events, after all views; categories (<c>itemId;categoryId</c>) fill <see cref="InteractionEvent.CategoryId"/>.
/// </summary>
public sealed class DigineticaReader(Func<TextReader> openViews, Func<TextReader>? openPurchases = null, Func<TextReader>? openCategories = null)
    : IEventReader
{
    public const string PurchasesFileName = "train-purchases.csv";
    public const string CategoriesFileName = "product-categories.csv";

    private long _skippedRows;

    public EventFormat Format => EventFormat.Diginetica;

    public long SkippedRows => Interlocked.Read(ref _skippedRows);

    /// <summary>Reads <paramref name="viewsPath"/> and, when they sit beside it, the purchase and category files.</summary>
    public static DigineticaReader FromFile(string viewsPath)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(viewsPath)) ?? ".";
        var purchases = Path.Combine(directory, PurchasesFileName);
        var categories = Path.Combine(directory, CategoriesFileName);
        return new DigineticaReader(
            () => new StreamReader(viewsPath),
            File.Exists(purchases) ? () => new StreamReader(purchases) : null,
            File.Exists(categories) ? () => new StreamReader(categories) : null);
    }

    public IEnumerable<InteractionEvent> Read(CancellationToken cancellationToken = default)
    {
        var categories = ReadCategories(cancellationToken);
        var sessions = new HashSet<string>(StringComparer.Ordinal);
        using (var views = openViews())
        {
            foreach (var fields in ReadRows(views, "session_id", 5, cancellationToken))
            {
                if (fields.Length != 5 || fields[0].Length == 0 || fields[2].Length == 0
                    || !TryTimestamp(fields[4], fields[3], out var timestamp))
                {
                    Interlocked.Increment(ref _skippedRows);
                    continue;
                }

                sessions.Add(fields[0]);
                yield return new InteractionEvent(
                    $"dg-v-{fields[0]}-{fields[2]}-{fields[3]}",
                    fields[0],
                    fields[2],
                    InteractionType.View,
                    timestamp,
                    categories?.GetValueOrDefault(fields[2]),
                    fields[0]);
            }
        }

        if (openPurchases is null)
        {
            yield break;
        }

        using var purchases = openPurchases();
        foreach (var fields in ReadRows(purchases, "sessionId", 6, cancellationToken))
        {
            if (fields.Length != 6 || fields[0].Length == 0 || fields[5].Length == 0
                || !TryTimestamp(fields[3], fields[2], out var timestamp))
            {
                Interlocked.Increment(ref _skippedRows);
                continue;
            }

            if (!sessions.Contains(fields[0]))
            {
                continue;
            }

            yield return new InteractionEvent(
                $"dg-p-{fields[0]}-{fields[4]}-{fields[5]}",
                fields[0],
                fields[5],
                InteractionType.Purchase,
                timestamp,
                categories?.GetValueOrDefault(fields[5]),
                fields[0]);
        }
    }

    private Dictionary<string, string>? ReadCategories(CancellationToken cancellationToken)
    {
        if (openCategories is null)
        {
            return null;
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        using var reader = openCategories();
        foreach (var fields in ReadRows(reader, "itemId", 2, cancellationToken))
        {
            if (fields.Length != 2 || fields[0].Length == 0 || fields[1].Length == 0)
            {
                Interlocked.Increment(ref _skippedRows);
                continue;
            }

            map[fields[0]] = fields[1];
        }

        return map;
    }

    // Yields the ';'-separated fields of each non-empty line, skipping the header (a first line starting with headerStart).
    private static IEnumerable<string[]> ReadRows(TextReader reader, string headerStart, int expectedFields, CancellationToken cancellationToken)
    {
        var first = true;
        while (reader.ReadLine() is { } line)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (first)
            {
                first = false;
                if (line.StartsWith(headerStart, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }
            }

            if (line.Length == 0)
            {
                continue;
            }

            yield return line.Split(';', expectedFields + 1);
        }
    }

    private static bool TryTimestamp(string date, string timeframe, out DateTimeOffset timestamp)
    {
        timestamp = default;
        if (!DateTimeOffset.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var day)
            || !long.TryParse(timeframe, NumberStyles.Integer, CultureInfo.InvariantCulture, out var milliseconds)
            || milliseconds < 0
            || milliseconds > TimeSpan.FromDays(3650).TotalMilliseconds)
        {
            return false;
        }

        timestamp = day.AddMilliseconds(milliseconds);
        return true;
    }
}
