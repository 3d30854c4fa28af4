using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Rec.Storage;

namespace Orleans.Rec.Artifacts;

/// <summary>
/// Key-encryption keys in a JSON file readable only by its owner (mode 0600, folder 0700), created on first use.
/// Re-read when asked for an id it does not hold, so a running silo sees keys that <c>rec keys rotate</c> added.
/// </summary>
public sealed class LocalKeyFile
{
    public const string DefaultFileName = "kek.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private Contents _contents;
    private DateTime _loadedWriteTime;

    private LocalKeyFile(string path, Contents contents, TimeProvider time)
    {
        Path = path;
        _contents = contents;
        _time = time;
        _loadedWriteTime = File.GetLastWriteTimeUtc(path);
    }

    public string Path { get; }

    /// <summary>Whether this instance created the file.</summary>
    public bool Created { get; private init; }

    /// <summary>The file's active key; re-read when the file changed (a rotation by <c>rec keys rotate</c>).</summary>
    public string ActiveKeyId
    {
        get
        {
            lock (_lock)
            {
                var written = File.Exists(Path) ? File.GetLastWriteTimeUtc(Path) : _loadedWriteTime;
                if (written != _loadedWriteTime)
                {
                    _contents = Load(Path);
                    _loadedWriteTime = written;
                }

                return _contents.Active;
            }
        }
    }

    public IReadOnlyList<string> KeyIds
    {
        get
        {
            lock (_lock)
            {
                return [.. _contents.Keys.Keys];
            }
        }
    }

    /// <summary>The default location under a data folder.</summary>
    public static string PathUnder(string dataDir) => System.IO.Path.Combine(dataDir, "keys", DefaultFileName);

    /// <summary>Opens the file, creating it with one fresh active key when it does not exist.</summary>
    public static LocalKeyFile OpenOrCreate(string path, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        if (File.Exists(path))
        {
            return new LocalKeyFile(path, Load(path), time);
        }

        var id = NewKeyId(time);
        var contents = new Contents { Active = id, Keys = { [id] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) } };
        Save(path, contents, overwrite: false);
        return new LocalKeyFile(path, Load(path), time) { Created = true };
    }

    public bool TryGetKey(string keyId, out byte[] key)
    {
        lock (_lock)
        {
            if (!_contents.Keys.ContainsKey(keyId) && File.Exists(Path))
            {
                _contents = Load(Path);
            }

            if (_contents.Keys.TryGetValue(keyId, out var text) && KeyRing.TryDecodeKey(text, out key))
            {
                return true;
            }
        }

        key = [];
        return false;
    }

    /// <summary>Adds a fresh random key and makes it the active one; returns its id.</summary>
    public string AddActiveKey()
    {
        lock (_lock)
        {
            var contents = Load(Path);
            var id = NewKeyId(_time);
            while (contents.Keys.ContainsKey(id))
            {
                id += "x";
            }

            contents.Keys[id] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            contents.Active = id;
            Save(Path, contents, overwrite: true);
            _contents = contents;
            _loadedWriteTime = File.GetLastWriteTimeUtc(Path);
            return id;
        }
    }

    /// <summary>Makes a key already in the file the active one.</summary>
    public void SetActive(string keyId)
    {
        lock (_lock)
        {
            var contents = Load(Path);
            if (!contents.Keys.ContainsKey(keyId))
            {
                throw new KeyNotFoundException($"unknown key id '{keyId}'");
            }

            contents.Active = keyId;
            Save(Path, contents, overwrite: true);
            _contents = contents;
            _loadedWriteTime = File.GetLastWriteTimeUtc(Path);
        }
    }

    private static string NewKeyId(TimeProvider time) =>
        "local-" + time.GetUtcNow().ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture);

    private static Contents Load(string path)
    {
        using var stream = File.OpenRead(path);
        var contents = JsonSerializer.Deserialize<Contents>(stream, Json);
        if (contents is null || string.IsNullOrEmpty(contents.Active) || !contents.Keys.ContainsKey(contents.Active))
        {
            throw new InvalidDataException($"Key file {path} has no active key.");
        }

        return contents;
    }

    private static void Save(string path, Contents contents, bool overwrite)
    {
        DurableFile.CreateFolder(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);

        // Two silos starting on one data folder without a file: the first one's key wins (Write returns false).
        DurableFile.Write(path, stream => JsonSerializer.Serialize(stream, contents, Json), overwrite);
    }

    private sealed class Contents
    {
        [JsonPropertyName("active")]
        public string Active { get; set; } = "";

        [JsonPropertyName("keys")]
        public Dictionary<string, string> Keys { get; set; } = new(StringComparer.Ordinal);
    }
}
