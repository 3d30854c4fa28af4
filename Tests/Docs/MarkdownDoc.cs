using System.Text.RegularExpressions;

namespace Orleans.Rec.Tests.Docs;

/// <summary>Reads the repository's Markdown the way the doc tests need it: sections, table rows, links.</summary>
public static partial class MarkdownDoc
{
    /// <summary>The text of <paramref name="relativePath"/> under the repository root.</summary>
    public static string Read(string relativePath) =>
        File.ReadAllText(Path.Combine(Infrastructure.Repository.Root, relativePath));

    /// <summary>
    /// The body rows of every table in the section headed exactly <paramref name="heading"/> (any level), up to the next
    /// heading of the same or a higher level; each row as its cells, trimmed, with <c>\|</c> unescaped.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<string>> TableRows(string markdown, string heading)
    {
        var lines = markdown.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var start = lines.FindIndex(l => HeadingText(l) == heading);
        if (start < 0)
        {
            throw new InvalidOperationException($"No heading '{heading}'.");
        }

        var level = HeadingLevel(lines[start]);
        var rows = new List<IReadOnlyList<string>>();
        var inTable = false;
        for (var i = start + 1; i < lines.Count; i++)
        {
            var line = lines[i];
            if (HeadingLevel(line) is > 0 and var l && l <= level)
            {
                break;
            }

            if (!line.StartsWith('|'))
            {
                inTable = false;
                continue;
            }

            if (!inTable)
            {
                // The header row, then the separator row.
                inTable = true;
                i++;
                continue;
            }

            rows.Add(Cells(line));
        }

        return rows;
    }

    /// <summary>The one code span (<c>`...`</c>) of a cell; fails when the cell holds none or several.</summary>
    public static string SingleCode(string cell)
    {
        var spans = CodeSpan().Matches(cell);
        return spans.Count == 1 ? spans[0].Groups[1].Value : throw new InvalidOperationException($"Expected one code span in '{cell}'.");
    }

    /// <summary>Every inline link target (<c>[text](target)</c>) outside fenced code blocks and code spans.</summary>
    public static IReadOnlyList<string> LinkTargets(string markdown)
    {
        var prose = FencedBlock().Replace(markdown, string.Empty);
        prose = CodeSpan().Replace(prose, string.Empty);
        return Link().Matches(prose).Select(m => m.Groups[1].Value).ToList();
    }

    /// <summary>The GitHub anchor of every heading of a document (lower case, punctuation dropped, spaces to '-').</summary>
    public static IReadOnlySet<string> Anchors(string markdown)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var prose = FencedBlock().Replace(markdown, string.Empty);
        foreach (var line in prose.Split('\n'))
        {
            if (HeadingText(line.TrimEnd('\r')) is { } text)
            {
                var plain = text.Replace("`", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
                anchors.Add(AnchorDropped().Replace(plain, string.Empty).Replace(' ', '-'));
            }
        }

        return anchors;
    }

    private static List<string> Cells(string row)
    {
        var cells = new List<string>();
        var current = new System.Text.StringBuilder();
        for (var i = 1; i < row.Length; i++)
        {
            if (row[i] == '\\' && i + 1 < row.Length && row[i + 1] == '|')
            {
                current.Append('|');
                i++;
            }
            else if (row[i] == '|')
            {
                cells.Add(current.ToString().Trim());
                current.Clear();
            }
            else
            {
                current.Append(row[i]);
            }
        }

        return cells;
    }

    private static int HeadingLevel(string line)
    {
        var level = line.TakeWhile(c => c == '#').Count();
        return level is > 0 and <= 6 && line.Length > level && line[level] == ' ' ? level : 0;
    }

    private static string? HeadingText(string line) =>
        HeadingLevel(line) is > 0 and var level ? line[(level + 1)..].Trim() : null;

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"^```.*?^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedBlock();

    [GeneratedRegex(@"\]\(([^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"[^\p{L}\p{N}\- _]")]
    private static partial Regex AnchorDropped();
}
