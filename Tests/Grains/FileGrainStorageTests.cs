using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Rec.Storage;
using Orleans.Rec.Tests.Infrastructure;
using Orleans.Storage;

namespace Orleans.Rec.Tests.Grains;

public sealed class FileGrainStorageTests : IDisposable
{
    private readonly TempDirectory _dir = new("rec-storage");
    private readonly FileGrainStorage _storage;

    public FileGrainStorageTests() =>
        _storage = new FileGrainStorage("test", new FileGrainStorageOptions { RootDirectory = _dir.Path }, new JsonGrainStateSerializer(), NullLogger<FileGrainStorage>.Instance);

    public sealed class Counter
    {
        public int Value { get; set; }

        public List<string> Names { get; set; } = [];
    }

    private static GrainId Id(string key) => GrainId.Create("counter", key);

    [Fact]
    public async Task ReadState_WhenNothingStored_KeepsDefaultAndNoETag()
    {
        var state = new GrainState<Counter>(new Counter { Value = 7 });

        await _storage.ReadStateAsync("s", Id("new"), state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Equal(7, state.State!.Value);
    }

    [Fact]
    public async Task WriteThenRead_RoundTripsStateAndETag()
    {
        var written = new GrainState<Counter>(new Counter { Value = 3, Names = ["x", "y"] });
        await _storage.WriteStateAsync("s", Id("k"), written);

        var read = new GrainState<Counter>(new Counter());
        await _storage.ReadStateAsync("s", Id("k"), read);

        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal(3, read.State!.Value);
        Assert.Equal(["x", "y"], read.State!.Names);
        Assert.Empty(Directory.GetFiles(_dir.Path, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Write_WhenETagIsStale_ThrowsInconsistentState()
    {
        var a = new GrainState<Counter>(new Counter { Value = 1 });
        await _storage.WriteStateAsync("s", Id("race"), a);
        var b = new GrainState<Counter>(new Counter());
        await _storage.ReadStateAsync("s", Id("race"), b);
        b.State!.Value = 2;
        await _storage.WriteStateAsync("s", Id("race"), b);

        a.State!.Value = 3;

        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("s", Id("race"), a));
        var check = new GrainState<Counter>(new Counter());
        await _storage.ReadStateAsync("s", Id("race"), check);
        Assert.Equal(2, check.State!.Value);
    }

    [Fact]
    public async Task Clear_RemovesTheRecord()
    {
        var state = new GrainState<Counter>(new Counter { Value = 5 });
        await _storage.WriteStateAsync("s", Id("gone"), state);

        await _storage.ClearStateAsync("s", Id("gone"), state);

        var read = new GrainState<Counter>(new Counter());
        await _storage.ReadStateAsync("s", Id("gone"), read);
        Assert.False(read.RecordExists);
        Assert.Null(state.ETag);
    }

    [Fact]
    public async Task Write_PutsTheFileInItsShardFolder()
    {
        var state = new GrainState<Counter>(new Counter { Value = 4 });

        await _storage.WriteStateAsync("s", Id("sharded"), state);

        var expected = Path.Combine(_dir.Path, "s", "counter", FileGrainStorage.ShardOf("sharded"), "sharded.json");
        Assert.Equal(expected, _storage.PathFor("s", Id("sharded")));
        Assert.True(File.Exists(expected));
        Assert.Matches("^[0-9a-f]{2}$", FileGrainStorage.ShardOf("sharded"));
    }

    [Fact]
    public async Task Read_WhenOnlyAPreShardingFileExists_ReadsItAndTheNextWriteMovesIt()
    {
        var legacy = _storage.LegacyPathFor("s", Id("old"));
        Directory.CreateDirectory(Path.GetDirectoryName(legacy)!);
        await File.WriteAllTextAsync(legacy, """{"value":9,"names":["a"]}""");

        var state = new GrainState<Counter>(new Counter());
        await _storage.ReadStateAsync("s", Id("old"), state);

        Assert.True(state.RecordExists);
        Assert.Equal(9, state.State!.Value);
        state.State.Value = 10;
        await _storage.WriteStateAsync("s", Id("old"), state);
        Assert.False(File.Exists(legacy));
        var again = new GrainState<Counter>(new Counter());
        await _storage.ReadStateAsync("s", Id("old"), again);
        Assert.Equal(10, again.State!.Value);
        Assert.Equal(state.ETag, again.ETag);
    }

    [Theory]
    [InlineData("user-1", "user-1")]
    [InlineData("recommender/3", "recommender_3~")]
    [InlineData("..", "~")]
    public void SafeSegment_KeepsReadableKeysAndHashesTheRest(string key, string expectedStart)
    {
        var segment = FileGrainStorage.SafeSegment(key);

        Assert.StartsWith(expectedStart, segment, StringComparison.Ordinal);
        Assert.DoesNotContain('/', segment);
        Assert.False(segment.StartsWith('.'));
    }

    [Fact]
    public void SafeSegment_WhenKeysDifferOnlyInUnsafeCharacters_GivesDifferentNames()
    {
        Assert.NotEqual(FileGrainStorage.SafeSegment("a/b"), FileGrainStorage.SafeSegment("a_b"));
        Assert.NotEqual(FileGrainStorage.SafeSegment("a/b"), FileGrainStorage.SafeSegment("a:b"));
    }

    public void Dispose() => _dir.Dispose();
}
