using System.Text.RegularExpressions;

namespace Orleans.Rec.Artifacts;

/// <summary>
/// The keys from configuration (<c>Rec:Artifacts:Keys:Kek:ID</c>) and, unless disabled, the local key file. A
/// configured key wins over a file key of the same id; the active key is <c>Keys:Active</c>, else the file's.
/// </summary>
public sealed partial class KeyRing : IKeyEncryptionKeys
{
    private readonly Dictionary<string, byte[]> _configured;
    private readonly string? _active;

    public KeyRing(ArtifactKeyOptions options, LocalKeyFile? file)
    {
        ArgumentNullException.ThrowIfNull(options);
        File = file;
        _configured = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (id, value) in options.Kek)
        {
            if (!TryDecodeKey(value, out var key))
            {
                throw new ArgumentException($"Key '{id}' is not 32 bytes in base64.", nameof(options));
            }

            _configured[id] = key;
        }

        _active = string.IsNullOrEmpty(options.Active) ? (file is null && _configured.Count == 1 ? _configured.Keys.Single() : null) : options.Active;
        if (_active is null && file is null)
        {
            throw new ArgumentException("No active key: set Rec:Artifacts:Keys:Active or enable the local key file.", nameof(options));
        }
    }

    /// <summary>The local key file, when enabled.</summary>
    public LocalKeyFile? File { get; }

    public string ActiveKeyId => _active ?? File!.ActiveKeyId;

    public IReadOnlyList<string> KeyIds =>
        [ActiveKeyId, .. _configured.Keys.Concat(File?.KeyIds ?? []).Distinct(StringComparer.Ordinal).Where(id => id != ActiveKeyId).Order(StringComparer.Ordinal)];

    public bool TryGetKey(string keyId, out byte[] key)
    {
        if (_configured.TryGetValue(keyId, out var configured))
        {
            key = configured;
            return true;
        }

        if (File is not null)
        {
            return File.TryGetKey(keyId, out key);
        }

        key = [];
        return false;
    }

    /// <summary>Builds the ring for a data folder, creating the local key file when it is enabled and absent.</summary>
    public static KeyRing Create(ArtifactKeyOptions options, string dataDir, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        var file = options.LocalKeyFile ? LocalKeyFile.OpenOrCreate(LocalKeyFile.PathUnder(dataDir), time) : null;
        return new KeyRing(options, file);
    }

    public static bool IsValidKeyId(string? id) => id is not null && KeyId().IsMatch(id);

    public static bool TryDecodeKey(string? text, out byte[] key)
    {
        key = [];
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var buffer = new byte[48];
        if (!Convert.TryFromBase64String(text.Trim(), buffer, out var written) || written != 32)
        {
            return false;
        }

        key = buffer[..32];
        return true;
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}\\z")]
    private static partial Regex KeyId();
}
