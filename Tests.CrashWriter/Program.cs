using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Rec.Api.Infrastructure.Auth;
using Orleans.Rec.Artifacts;
using Orleans.Rec.Storage;

// Writes through the platform's durable paths and reports each step on stdout, so a test can kill it (SIGKILL) at a
// known point and check what recovery finds:
//   log <folder> <writers>    appends to the log store without end, one line "acked <key> <value>" per acknowledged write
//   kek <path>                creates the local key file ("created <id>"), then rotates it and pauses after the new file
//                             is written and synced, before the rename ("paused <path>")
//   kek-rotate <path>         creates the local key file and rotates it once
//   api-keys <path>           creates the API key file
//   file-state <root>         writes one grain state with the file grain storage (state "s", grain user/crash)
return args switch
{
    ["log", var folder, var writers] => await AppendForeverAsync(folder, int.Parse(writers, CultureInfo.InvariantCulture)),
    ["kek", var path] => RotateAndPause(path),
    ["kek-rotate", var path] => Rotate(path),
    ["api-keys", var path] => CreateApiKeys(path),
    ["file-state", var root] => await WriteFileStateAsync(root),
    _ => Usage(),
};

static async Task<int> AppendForeverAsync(string folder, int writers)
{
    using var store = LogStore.Open(folder, new LogGrainStorageOptions(), NullLogger.Instance);
    var output = TextWriter.Synchronized(Console.Out);
    await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
    {
        string? etag = null;
        for (var value = 0; ; value++)
        {
            var key = $"writer-{w}";
            etag = await store.AppendAsync(key, etag, null, Encoding.UTF8.GetBytes(value.ToString(CultureInfo.InvariantCulture)));
            output.WriteLine($"acked {key} {value}");
            output.Flush();
        }
    })));
    return 0;
}

static int RotateAndPause(string path)
{
    var file = LocalKeyFile.OpenOrCreate(path, TimeProvider.System);
    Console.WriteLine($"created {file.ActiveKeyId}");
    DurableFile.BeforeRenameForTests = target =>
    {
        Console.WriteLine($"paused {target}");
        Console.Out.Flush();
        Thread.Sleep(Timeout.Infinite);
    };
    file.AddActiveKey();
    return 0;
}

static int Rotate(string path)
{
    LocalKeyFile.OpenOrCreate(path, TimeProvider.System).AddActiveKey();
    return 0;
}

static int CreateApiKeys(string path)
{
    ApiKeyStore.LoadOrCreate(path, out _);
    return 0;
}

static async Task<int> WriteFileStateAsync(string root)
{
    var storage = new FileGrainStorage("crash", new FileGrainStorageOptions { RootDirectory = root }, new JsonGrainStateSerializer(), NullLogger<FileGrainStorage>.Instance);
    var state = new Orleans.GrainState<Dictionary<string, int>>(new Dictionary<string, int> { ["value"] = 1 });
    await storage.WriteStateAsync("s", Orleans.Runtime.GrainId.Create("user", "crash"), state);
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: log <folder> <writers> | kek <path> | kek-rotate <path> | api-keys <path> | file-state <root>");
    return 2;
}
