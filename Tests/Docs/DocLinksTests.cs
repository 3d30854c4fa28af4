using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Docs;

/// <summary>Every relative link in README.md and docs/*.md reaches a file in the repository (and a heading when it names one).</summary>
public sealed class DocLinksTests
{
    public static TheoryData<string> Documents()
    {
        var data = new TheoryData<string> { "README.md" };
        foreach (var file in Directory.GetFiles(Path.Combine(Repository.Root, "docs"), "*.md").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(Repository.Root, file).Replace('\\', '/'));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Links_WhenRelative_ResolveToAFileAndHeadingInTheRepository(string document)
    {
        var folder = Path.GetDirectoryName(Path.Combine(Repository.Root, document))!;
        var broken = new List<string>();
        foreach (var target in MarkdownDoc.LinkTargets(MarkdownDoc.Read(document)))
        {
            if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal))
            {
                continue;
            }

            var hash = target.IndexOf('#', StringComparison.Ordinal);
            var path = hash < 0 ? target : target[..hash];
            var anchor = hash < 0 ? null : target[(hash + 1)..];
            var file = path.Length == 0 ? Path.Combine(Repository.Root, document) : Path.GetFullPath(Path.Combine(folder, path));
            if (!file.StartsWith(Repository.Root + Path.DirectorySeparatorChar, StringComparison.Ordinal) && file != Repository.Root)
            {
                broken.Add($"{target} (outside the repository)");
            }
            else if (!File.Exists(file) && !Directory.Exists(file))
            {
                broken.Add($"{target} (no such file)");
            }
            else if (anchor is not null && file.EndsWith(".md", StringComparison.Ordinal) && !MarkdownDoc.Anchors(File.ReadAllText(file)).Contains(anchor))
            {
                broken.Add($"{target} (no such heading)");
            }
        }

        Assert.Empty(broken);
    }
}
