using Orleans.Rec.Inference;

namespace Orleans.Rec.Tests.Grains;

public sealed class CatalogIndexTests
{
    [Fact]
    public void TryGetIndex_WhenTheCatalogIsLargeAndPatterned_FindsEveryIdAtItsPosition()
    {
        var ids = Enumerable.Range(0, 100_000).Select(i => $"synthetic-{i}").ToArray();
        var index = new CatalogIndex(ids);

        for (var i = 0; i < ids.Length; i++)
        {
            // A copy, not the catalog's own string: found by value.
            Assert.True(index.TryGetIndex(new string(ids[i].AsSpan()), out var found));
            Assert.Equal(i + 1L, found);
        }

        Assert.False(index.TryGetIndex("synthetic-100000", out var missing));
        Assert.Equal(0, missing);
        Assert.Equal(100_000, index.Count);
    }

    [Fact]
    public void TryGetIndex_WhenIdsHaveEveryTailLength_FindsEachAndNoPrefix()
    {
        string[] ids = ["", "a", "ab", "abc", "abcd", "abcde", "abcdef", "abcdefg", "abcdefgh", "abcdefghi", "é€😀"];
        var index = new CatalogIndex(ids);

        for (var i = 0; i < ids.Length; i++)
        {
            Assert.True(index.TryGetIndex(ids[i], out var found));
            Assert.Equal(i + 1L, found);
        }

        Assert.False(index.TryGetIndex("abcdefghij", out _));
        Assert.False(index.TryGetIndex("A", out _));
    }

    [Fact]
    public void TryGetIndex_WhenAnIdRepeats_TheLastPositionWins()
    {
        var index = new CatalogIndex(["a", "b", "a"]);

        Assert.True(index.TryGetIndex("a", out var a));
        Assert.Equal(3, a);
        Assert.True(index.TryGetIndex("b", out var b));
        Assert.Equal(2, b);
    }

    [Fact]
    public void FindRecent_WhenTheCatalogIsEmpty_FindsNothing()
    {
        var index = new CatalogIndex([]);

        Assert.False(index.TryGetIndex("a", out _));
        Assert.Equal(0, index.FindRecent(["a", "b"], new long[2]));
    }

    [Fact]
    public void FindRecent_WhenSomeIdsUnknown_WritesKnownOnesNewestFirst()
    {
        var index = new CatalogIndex(["a", "b", "c", "d"]);
        var found = new long[4];

        var count = index.FindRecent(["c", "zzz", "a", "d", "yyy"], found);

        Assert.Equal(3, count);
        Assert.Equal([4L, 1L, 3L, 0L], found);
    }

    [Fact]
    public void FindRecent_WhenTheOutputFills_StopsAtTheMostRecent()
    {
        var index = new CatalogIndex(["a", "b", "c", "d"]);
        var found = new long[2];

        Assert.Equal(2, index.FindRecent(["a", "b", "c", "zzz", "d"], found));
        Assert.Equal([4L, 3L], found);
        Assert.Equal(0, index.FindRecent(["a"], Span<long>.Empty));
    }

    [Fact]
    public void FindRecent_WhenUnknownIdsSpanSeveralRuns_MatchesOneLookupAtATime()
    {
        // 100 ids, every third unknown, read into outputs of every size: runs of lookups must not change the answer.
        var catalog = Enumerable.Range(0, 60).Select(i => $"item-{i}").ToArray();
        var index = new CatalogIndex(catalog);
        var history = Enumerable.Range(0, 100).Select(i => i % 3 == 0 ? $"unknown-{i}" : catalog[(i * 7) % 60]).ToArray();
        for (var size = 0; size <= 70; size++)
        {
            var expected = history.Reverse()
                .Where(id => index.TryGetIndex(id, out _))
                .Take(size)
                .Select(id => index.TryGetIndex(id, out var i) ? i : -1)
                .ToArray();
            var found = new long[size];

            var count = index.FindRecent(history, found);

            Assert.Equal(expected.Length, count);
            Assert.Equal(expected, found[..count]);
        }
    }
}
