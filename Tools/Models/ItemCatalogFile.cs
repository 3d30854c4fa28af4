namespace Orleans.Rec.Tools.Models;

/// <summary>
/// The catalog of an exported model (<c>--items items.csv</c>): one item id per line in model order — line 1 is model
/// index 1, line 2 index 2, … (index 0 is padding and has no line). Only the first comma-separated column is read,
/// so a CSV with more columns works; a first line <c>itemId</c>, <c>item_id</c> or <c>item</c> is a header and skipped.
/// </summary>
public static class ItemCatalogFile
{
    private static readonly string[] Headers = ["itemid", "item_id", "item"];

    /// <summary>The item ids of <paramref name="path"/>, in model order.</summary>
    public static string[] Read(string path) => Parse(File.ReadLines(path));

    /// <summary>The item ids of the lines, in model order.</summary>
    public static string[] Parse(IEnumerable<string> lines)
    {
        var ids = new List<string>();
        var first = true;
        foreach (var line in lines)
        {
            var id = line.Split(',', 2)[0].Trim().Trim('"');
            if (first && Headers.Contains(id, StringComparer.OrdinalIgnoreCase))
            {
                first = false;
                continue;
            }

            first = false;
            if (id.Length > 0)
            {
                ids.Add(id);
            }
        }

        return [.. ids];
    }
}
