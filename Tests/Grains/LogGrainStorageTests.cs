using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Rec.Diagnostics;
using Orleans.Rec.Silo;
using Orleans.Rec.Storage;
using Orleans.Rec.Tests.Infrastructure;
using Orleans.Storage;

namespace Orleans.Rec.Tests.Grains;

public sealed class LogGrainStorageTests : IDisposable
{
    private const string StateName = "profile";
    private const string Python = "/usr/bin/python3";
    private readonly TempDirectory _dir = new("rec-log-storage");
    private readonly List<LogGrainStorage> _opened = [];

    public sealed class Counter
    {
        public int Value { get; set; }

        public string Text { get; set; } = "";
    }

    private string LogFolder => Path.Combine(_dir.Path, ".log", "profiles");

    private static GrainId Id(string key) => GrainId.Create("user", key);

    private FileGrainStorage Files() =>
        new("profiles", new FileGrainStorageOptions { RootDirectory = _dir.Path }, new JsonGrainStateSerializer(), NullLogger<FileGrainStorage>.Instance);

    private LogGrainStorage NewStorage(LogGrainStorageOptions? options = null) =>
        new("profiles", LogFolder, options ?? new LogGrainStorageOptions(), Files(), new JsonGrainStateSerializer(), NullLogger<LogGrainStorage>.Instance);

    private LogGrainStorage Open(LogGrainStorageOptions? options = null)
    {
        var storage = NewStorage(options);
        storage.Open();
        _opened.Add(storage);
        return storage;
    }

    /// <summary>Closes every storage opened so far (the store with them) and opens a new one, as a restarted process would.</summary>
    private LogGrainStorage Restart(LogGrainStorageOptions? options = null)
    {
        foreach (var storage in _opened)
        {
            storage.Dispose();
        }

        return Open(options);
    }

    private static async Task<GrainState<Counter>> ReadAsync(IGrainStorage storage, string key)
    {
        var state = new GrainState<Counter>(new Counter { Value = -1 });
        await storage.ReadStateAsync(StateName, Id(key), state);
        return state;
    }

    private static async Task<GrainState<Counter>> WriteAsync(IGrainStorage storage, string key, int value, string? etag = null, string text = "")
    {
        var state = new GrainState<Counter>(new Counter { Value = value, Text = text }) { ETag = etag };
        await storage.WriteStateAsync(StateName, Id(key), state);
        return state;
    }

    private long SegmentBytesOnDisk() => Directory.GetFiles(LogFolder, "*" + LogSegment.Extension).Sum(f => new FileInfo(f).Length);

    [Fact]
    public async Task Read_WhenNothingStored_KeepsDefaultAndNoETag()
    {
        var storage = Open();

        var state = await ReadAsync(storage, "nobody");

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Equal(-1, state.State!.Value);
    }

    [Fact]
    public async Task WriteThenRead_RoundTripsStateAndETag()
    {
        var storage = Open();
        var written = await WriteAsync(storage, "k", 3, text: "ünïcode");
        var second = await WriteAsync(storage, "k", 4, written.ETag);

        var read = await ReadAsync(storage, "k");

        Assert.True(read.RecordExists);
        Assert.Equal(4, read.State!.Value);
        Assert.Equal(second.ETag, read.ETag);
        Assert.NotEqual(written.ETag, second.ETag);
        Assert.Empty(Directory.GetFiles(_dir.Path, "*.json", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Write_WhenETagIsStale_ThrowsInconsistentStateAndKeepsTheStoredValue()
    {
        var storage = Open();
        var a = await WriteAsync(storage, "race", 1);
        var b = await WriteAsync(storage, "race", 2, a.ETag);

        var e = await Assert.ThrowsAsync<InconsistentStateException>(() => WriteAsync(storage, "race", 3, a.ETag));

        Assert.Equal(b.ETag, e.StoredEtag);
        Assert.Equal(a.ETag, e.CurrentEtag);
        Assert.Equal(2, (await ReadAsync(storage, "race")).State!.Value);
        await Assert.ThrowsAsync<InconsistentStateException>(() => WriteAsync(storage, "race", 3, etag: null));
    }

    [Fact]
    public async Task Write_WhenTheKeyIsLongerThanARecordHolds_IsRefusedAndTheStoreKeepsWorking()
    {
        var storage = Open();

        var e = await Assert.ThrowsAsync<ArgumentException>(() => WriteAsync(storage, new string('k', 70_000), 1));

        Assert.Contains("at most 65535 bytes", e.Message, StringComparison.Ordinal);
        await WriteAsync(storage, "after", 2);
        Assert.Equal(2, (await ReadAsync(Restart(), "after")).State!.Value);
    }

    [Fact]
    public async Task Clear_WritesATombstoneThatSurvivesARestart()
    {
        var storage = Open();
        var state = await WriteAsync(storage, "gone", 5);

        await storage.ClearStateAsync(StateName, Id("gone"), state);

        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
        Assert.False((await ReadAsync(storage, "gone")).RecordExists);
        var restarted = Restart();
        var read = await ReadAsync(restarted, "gone");
        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        var again = await WriteAsync(restarted, "gone", 6);
        Assert.Equal(6, (await ReadAsync(restarted, "gone")).State!.Value);
        Assert.NotNull(again.ETag);
    }

    [Fact]
    public async Task Restart_ReadsTheLatestStateOfEveryKey()
    {
        var storage = Open();
        var etags = new Dictionary<string, string?>();
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 100; i++)
            {
                var key = $"user-{i}";
                etags[key] = (await WriteAsync(storage, key, round * 1000 + i, etags.GetValueOrDefault(key))).ETag;
            }
        }

        var restarted = Restart();

        Assert.NotSame(storage, restarted);
        for (var i = 0; i < 100; i++)
        {
            var read = await ReadAsync(restarted, $"user-{i}");
            Assert.Equal(2000 + i, read.State!.Value);
            Assert.Equal(etags[$"user-{i}"], read.ETag);
        }

        // ETags stay valid across the restart, and new ones never repeat old ones.
        var next = await WriteAsync(restarted, "user-7", 7777, etags["user-7"]);
        Assert.DoesNotContain(next.ETag, etags.Values);
        await Assert.ThrowsAsync<InconsistentStateException>(() => WriteAsync(restarted, "user-8", 1, etag: null));
    }

    [Fact]
    public async Task Restart_WhenTheLastRecordIsTornOrCorrupt_CutsItOffAndKeepsTheRecordsBefore()
    {
        var storage = Open();
        var first = await WriteAsync(storage, "torn", 1);
        var segmentPath = storage.Store.Segments[^1].Path;
        var goodLength = new FileInfo(segmentPath).Length;
        await WriteAsync(storage, "torn", 2, first.ETag);
        Restart().Dispose();

        // Damage the second record's last byte (its payload), then append half a record's worth of garbage.
        await using (var file = new FileStream(segmentPath, FileMode.Open, FileAccess.ReadWrite))
        {
            file.Position = file.Length - 1;
            file.WriteByte(0x00);
            file.Position = file.Length;
            file.Write([0x10, 0x00, 0x00]);
        }

        var restarted = Restart();

        Assert.Equal(goodLength, new FileInfo(segmentPath).Length);
        var quarantine = Assert.Single(restarted.Store.Quarantined);
        Assert.Equal($"{segmentPath}.{goodLength}.quarantine", quarantine.Path);
        Assert.Equal(new FileInfo(quarantine.Path).Length, quarantine.Bytes);
        var read = await ReadAsync(restarted, "torn");
        Assert.Equal(1, read.State!.Value);
        Assert.Equal(first.ETag, read.ETag);
        await WriteAsync(restarted, "torn", 3, first.ETag);
        Assert.Equal(3, (await ReadAsync(Restart(), "torn")).State!.Value);
    }

    [Fact]
    public async Task Restart_WhenARecordOfAnEarlySegmentIsDamaged_QuarantinesThatSegmentsTailAndKeepsEveryLaterSegment()
    {
        var options = new LogGrainStorageOptions { SegmentBytes = 64 << 10, CompactBelowLiveShare = 0 };
        var storage = Open(options);
        var text = new string('x', 8000);
        for (var i = 0; i < 30; i++)
        {
            await WriteAsync(storage, $"key-{i:D2}", 100 + i, text: text);
        }

        var segments = storage.Store.Segments.Select(s => s.Path).ToList();
        Assert.True(segments.Count >= 3, $"{segments.Count} segments");
        Restart().Dispose();

        // Flip one payload byte of the first segment's third record (bit rot where whole records were).
        var first = segments[0];
        var originalLength = new FileInfo(first).Length;
        var keysByRecord = new List<(string Key, long Offset, int Length)>();
        var scanned = LogSegment.Open(Path.GetDirectoryName(first)!, LogSegment.IdOf(first)!.Value);
        keysByRecord.AddRange(scanned.Scan((_, _) => { }).Select(r => (r.Key, r.Offset, r.Length)));
        scanned.Handle.Dispose();

        var damaged = keysByRecord[2];
        var tail = (await File.ReadAllBytesAsync(first))[(int)damaged.Offset..];
        await using (var file = new FileStream(first, FileMode.Open, FileAccess.ReadWrite))
        {
            file.Position = damaged.Offset + (damaged.Length / 2);
            var b = file.ReadByte();
            file.Position--;
            file.WriteByte((byte)(b ^ 0x5A));
        }

        tail[damaged.Length / 2] ^= 0x5A;
        var quarantined = new List<long>();
        using var listener = QuarantineListener(quarantined);
        var restarted = Restart(options);

        // The segment stops before the damaged record; its tail is kept byte for byte beside it.
        Assert.Equal(damaged.Offset, new FileInfo(first).Length);
        var quarantine = Assert.Single(restarted.Store.Quarantined);
        Assert.False(quarantine.Torn);
        Assert.Equal((first, damaged.Offset, originalLength - damaged.Offset), (quarantine.Segment, quarantine.Offset, quarantine.Bytes));
        Assert.Equal($"{first}.{damaged.Offset}.quarantine", quarantine.Path);
        Assert.Equal(tail, await File.ReadAllBytesAsync(quarantine.Path));
        Assert.Equal([1L], quarantined);

        // Every record of every later segment is there, and the first segment's records before the damage.
        // (A record's key is the grain's storage key, which ends in the grain key.)
        var lost = keysByRecord.Skip(2).Select(r => r.Key).ToList();
        Assert.NotEmpty(lost);
        for (var i = 0; i < 30; i++)
        {
            var key = $"key-{i:D2}";
            var read = await ReadAsync(restarted, key);
            Assert.Equal(lost.Any(k => k.EndsWith(key, StringComparison.Ordinal)) ? -1 : 100 + i, read.State!.Value);
        }

        Assert.Equal(segments, restarted.Store.Segments.Select(s => s.Path));
    }

    [Fact]
    public async Task ReadinessCheck_WhenADamagedTailIsInQuarantine_IsDegradedWithoutNamingFiles()
    {
        var storage = Open();
        await WriteAsync(storage, "ready-a", 1);
        await WriteAsync(storage, "ready-b", 2);
        var segment = storage.Store.Segments[0].Path;
        var check = new ProfileLogHealthCheck(new ServiceCollection().AddKeyedSingleton<IGrainStorage>(RecNames.ProfileStorage, storage).BuildServiceProvider());
        var healthy = await check.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal((HealthStatus.Healthy, "profile log: no damaged segment tails; 0 torn tail(s) quarantined at open"), (healthy.Status, healthy.Description));
        Restart().Dispose();

        // The first record's checksum no longer matches: both records go to quarantine, and that is damage, not a torn write.
        await using (var file = new FileStream(segment, FileMode.Open, FileAccess.ReadWrite))
        {
            file.Position = 20;
            var b = file.ReadByte();
            file.Position = 20;
            file.WriteByte((byte)(b ^ 0xFF));
        }

        var restarted = Restart();
        check = new ProfileLogHealthCheck(new ServiceCollection().AddKeyedSingleton<IGrainStorage>(RecNames.ProfileStorage, restarted).BuildServiceProvider());
        var degraded = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Degraded, degraded.Status);
        Assert.Equal("profile log: 1 damaged segment tail(s) quarantined at open, 0 torn; acknowledged writes may be in quarantine (see docs/durability.md)", degraded.Description);
        Assert.DoesNotContain(LogFolder, degraded.Description, StringComparison.Ordinal);
        Assert.Equal(-1, (await ReadAsync(restarted, "ready-b")).State!.Value);
    }

    /// <summary>Collects the increments of <c>rec.storage.log.quarantined</c> tagged <c>kind=corrupt</c>.</summary>
    private static MeterListener QuarantineListener(List<long> increments)
    {
        var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == RecMetrics.MeterName && instrument.Name == "rec.storage.log.quarantined")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "kind" && Equals(tag.Value, "corrupt"))
                {
                    lock (increments)
                    {
                        increments.Add(value);
                    }
                }
            }
        });
        listener.Start();
        return listener;
    }

    [Fact]
    public async Task Read_WhenTheKeyIsOnlyInTheFileLayout_LoadsItAndTheFirstWriteDeletesTheFile()
    {
        var files = Files();
        var old = new GrainState<Counter>(new Counter { Value = 9, Text = "from files" });
        await files.WriteStateAsync(StateName, Id("old"), old);
        var path = files.PathFor(StateName, Id("old"));
        Assert.True(File.Exists(path));
        var storage = Open();

        var read = await ReadAsync(storage, "old");

        Assert.True(read.RecordExists);
        Assert.Equal(9, read.State!.Value);
        Assert.Equal(old.ETag, read.ETag);
        await Assert.ThrowsAsync<InconsistentStateException>(() => WriteAsync(storage, "old", 1, etag: null));
        Assert.True(File.Exists(path));

        read.State!.Value = 10;
        await storage.WriteStateAsync(StateName, Id("old"), read);

        Assert.False(File.Exists(path));
        var again = await ReadAsync(Restart(), "old");
        Assert.Equal(10, again.State!.Value);
        Assert.Equal(read.ETag, again.ETag);
    }

    [Fact]
    public async Task ConcurrentWrites_FromManyTasks_AreAllDurableAndShareFlushes()
    {
        const int Tasks = 64;
        const int WritesEach = 20;
        var storage = Open(new LogGrainStorageOptions { MaxQueuedWrites = 16 });

        await Task.WhenAll(Enumerable.Range(0, Tasks).Select(async t =>
        {
            string? etag = null;
            for (var i = 0; i < WritesEach; i++)
            {
                etag = (await WriteAsync(storage, $"writer-{t}", i, etag)).ETag;
            }
        }));

        var store = storage.Store;
        Assert.Equal(Tasks * WritesEach, store.RecordsWritten);
        Assert.InRange(store.Syncs, 1, (Tasks * WritesEach) - 1);
        var restarted = Restart();
        for (var t = 0; t < Tasks; t++)
        {
            Assert.Equal(WritesEach - 1, (await ReadAsync(restarted, $"writer-{t}")).State!.Value);
        }
    }

    [Fact]
    public async Task Compaction_KeepsTheLatestValuesAndFreesTheSpace()
    {
        var options = new LogGrainStorageOptions { SegmentBytes = 64 << 10, CompactBelowLiveShare = 0 };
        var storage = Open(options);
        var padding = new string('x', 1000);
        var etags = new Dictionary<string, string?>();
        for (var round = 0; round < 20; round++)
        {
            for (var i = 0; i < 50; i++)
            {
                etags[$"c-{i}"] = (await WriteAsync(storage, $"c-{i}", round * 100 + i, etags.GetValueOrDefault($"c-{i}"), padding)).ETag;
            }
        }

        var store = storage.Store;
        var before = SegmentBytesOnDisk();
        var sealedSegments = store.Segments.SkipLast(1).ToList();
        Assert.True(sealedSegments.Count >= 10, $"{sealedSegments.Count} sealed segments");

        foreach (var segment in sealedSegments)
        {
            Assert.True(await store.CompactAsync(segment));
        }

        var after = SegmentBytesOnDisk();
        Assert.True(before > 1_000_000, $"{before} bytes before");
        Assert.True(after < 3 * options.SegmentBytes, $"{after} bytes after compaction");
        foreach (var segment in sealedSegments)
        {
            Assert.False(File.Exists(segment.Path));
        }

        var restarted = Restart(options);
        for (var i = 0; i < 50; i++)
        {
            var read = await ReadAsync(restarted, $"c-{i}");
            Assert.Equal(1900 + i, read.State!.Value);
            Assert.Equal(etags[$"c-{i}"], read.ETag);
        }
    }

    [Fact]
    public async Task Compaction_WhenAWriteLandsBetweenReadingAndCopying_KeepsTheWrite()
    {
        var storage = Open(new LogGrainStorageOptions { SegmentBytes = 64 << 10, CompactBelowLiveShare = 0 });
        var store = storage.Store;
        var raced = await WriteAsync(storage, "raced", 1);
        await WriteAsync(storage, "calm", 1);
        for (var i = 0; store.Segments.Count == 1; i++)
        {
            await WriteAsync(storage, $"filler-{i}", i, text: new string('f', 1000));
        }

        var first = store.Segments[0];
        var copies = store.LiveRecordsOf(first);
        Assert.Contains(copies, c => c.Key == LogGrainStorage.KeyOf(StateName, Id("raced")));

        var newer = await WriteAsync(storage, "raced", 2, raced.ETag);
        await store.CopyForwardAsync(copies);

        Assert.True(store.DropIfDead(first));
        Assert.False(File.Exists(first.Path));
        var read = await ReadAsync(storage, "raced");
        Assert.Equal(2, read.State!.Value);
        Assert.Equal(newer.ETag, read.ETag);
        var restarted = Restart();
        Assert.Equal(2, (await ReadAsync(restarted, "raced")).State!.Value);
        Assert.Equal(newer.ETag, (await ReadAsync(restarted, "raced")).ETag);
        Assert.Equal(1, (await ReadAsync(restarted, "calm")).State!.Value);
    }

    [Fact]
    public async Task BackgroundCompaction_UnderConcurrentWrites_LosesNoWriteAndBoundsTheDisk()
    {
        var options = new LogGrainStorageOptions { SegmentBytes = 64 << 10 };
        var storage = Open(options);
        var padding = new string('p', 1000);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(async t =>
        {
            string? etag = null;
            for (var i = 0; i < 150; i++)
            {
                etag = (await WriteAsync(storage, $"busy-{t}", i, etag, padding)).ETag;
            }
        }));

        // 1,200 records of ~1 KB for 8 keys: without compaction about 19 segments stay on disk.
        var settled = await Eventually.GetAsync(() => Task.FromResult(SegmentBytesOnDisk()), bytes => bytes < 4 * options.SegmentBytes);
        Assert.True(settled < 4 * options.SegmentBytes, $"{settled} bytes on disk");
        var restarted = Restart(options);
        for (var t = 0; t < 8; t++)
        {
            Assert.Equal(149, (await ReadAsync(restarted, $"busy-{t}")).State!.Value);
        }
    }

    [Fact]
    public async Task Open_BySeveralStoragesInOneProcess_SharesOneStoreUntilTheLastCloses()
    {
        var a = Open();
        var b = Open();
        Assert.Same(a.Store, b.Store);
        var written = await WriteAsync(a, "shared", 1);

        a.Dispose();

        Assert.Equal(1, (await ReadAsync(b, "shared")).State!.Value);
        await WriteAsync(b, "shared", 2, written.ETag);
        b.Dispose();
        Assert.Throws<InvalidOperationException>(() => b.Store);
        Assert.Equal(2, (await ReadAsync(Open(), "shared")).State!.Value);
    }

    [Fact]
    public void Open_WhenAnotherProcessHoldsTheFolder_FailsNamingIt()
    {
        Directory.CreateDirectory(LogFolder);
        using var held = new FileStream(Path.Combine(LogFolder, "LOCK"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        var storage = NewStorage();

        var e = Assert.Throws<InvalidOperationException>(storage.Open);

        Assert.Contains($"'{LogFolder}' is in use by another process", e.Message, StringComparison.Ordinal);
    }

    [ExecutableFact(Python, "python3")]
    public async Task Open_WhenAnotherProcessLocksTheFolder_FailsAndOnceOpenKeepsOthersOut()
    {
        Directory.CreateDirectory(LogFolder);
        var lockPath = Path.Combine(LogFolder, "LOCK");
        await File.WriteAllBytesAsync(lockPath, []);
        using (var holder = StartLocker(lockPath, hold: true))
        {
            Assert.Equal("locked", await holder.StandardOutput.ReadLineAsync());

            var e = Assert.Throws<InvalidOperationException>(NewStorage().Open);

            Assert.Contains($"'{LogFolder}' is in use by another process", e.Message, StringComparison.Ordinal);
            holder.StandardInput.Close();
            await holder.WaitForExitAsync();
        }

        Open();
        using var refused = StartLocker(lockPath, hold: false);
        await refused.WaitForExitAsync();
        Assert.Equal(1, refused.ExitCode);
        Assert.Equal("refused", (await refused.StandardOutput.ReadToEndAsync()).Trim());
    }

    /// <summary>Another process taking the same POSIX lock (fcntl) on the lock file; it holds it until its input closes.</summary>
    private static Process StartLocker(string lockPath, bool hold)
    {
        var script = $$"""
            import fcntl, sys
            f = open({{System.Text.Json.JsonSerializer.Serialize(lockPath)}}, "r+")
            try:
                fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, 0)
            except OSError:
                print("refused"); sys.exit(1)
            print("locked", flush=True)
            if {{(hold ? "True" : "False")}}: sys.stdin.read()
            """;
        return Process.Start(new ProcessStartInfo(Python, ["-c", script]) { RedirectStandardInput = true, RedirectStandardOutput = true })!;
    }

    [Fact]
    public void Options_WhenOutOfRange_ListsEveryProblem()
    {
        var problems = new LogGrainStorageOptions { SegmentBytes = 10, MaxQueuedWrites = 0, CompactBelowLiveShare = 1 }.Problems();

        Assert.Equal(
            [
                "Rec:Storage:Log:SegmentBytes must be 64 KiB..1 GiB (is 10).",
                "Rec:Storage:Log:MaxQueuedWrites must be 1..1000000 (is 0).",
                "Rec:Storage:Log:CompactBelowLiveShare must be 0 (off) or above, and below 1 (is 1).",
            ],
            problems);
        Assert.Empty(new LogGrainStorageOptions().Problems());
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("log", true)]
    [InlineData("Files", false)]
    public void ProfileStore_ReadsRecProfilesStore(string? value, bool usesLog)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Rec:Profiles:Store"] = value }).Build();

        Assert.Equal(usesLog, ProfileStoreSettings.UsesLog(configuration));
    }

    [Fact]
    public void ProfileStore_WhenUnknown_NamesTheKey()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Rec:Profiles:Store"] = "Redis" }).Build();

        var e = Assert.Throws<InvalidOperationException>(() => ProfileStoreSettings.UsesLog(configuration));

        Assert.Equal("Rec:Profiles:Store is 'Redis'; expected Log or Files.", e.Message);
    }

    public void Dispose()
    {
        foreach (var storage in _opened)
        {
            storage.Dispose();
        }

        _dir.Dispose();
    }
}
