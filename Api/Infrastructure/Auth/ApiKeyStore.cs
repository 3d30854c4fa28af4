using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Orleans.Rec.Storage;

namespace Orleans.Rec.Api.Infrastructure.Auth;

/// <summary>
/// The accepted API keys and their roles: from <c>Rec:Auth</c>, or (local profile, nothing configured) from
/// <c>&lt;DataDir&gt;/api-keys.json</c>, generated on first start with mode 0600. Keys are looked up by their
/// SHA-256, and identified in logs and audits by its first 8 hex digits, never by the key itself.
/// </summary>
public sealed class ApiKeyStore
{
    /// <summary>The generated key file's name inside the data folder.</summary>
    public const string FileName = "api-keys.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private readonly Dictionary<string, (string Role, string Identity)> _byHash = new(StringComparer.Ordinal);

    public ApiKeyStore(IOptions<AuthOptions> options, IConfiguration configuration, ILogger<ApiKeyStore> logger)
    {
        var auth = options.Value;
        var shop = auth.ShopKeys;
        var op = auth.OperatorKeys;
        if (shop.Length == 0 && op.Length == 0 && !auth.Jwt.Enabled && auth.GenerateKeys)
        {
            var dataDir = Path.GetFullPath(configuration["Rec:DataDir"] is { Length: > 0 } dir ? dir : "./.rec-data");
            KeyFile = Path.Combine(dataDir, FileName);
            var keys = LoadOrCreate(KeyFile, out var created);
            shop = keys.ShopKeys;
            op = keys.OperatorKeys;
            AuthLog.KeyFile(logger, KeyFile, created ? "generated" : "read");
        }

        foreach (var key in shop)
        {
            _byHash[Hash(key)] = (RecRoles.Shop, $"{RecRoles.Shop}:{Hash(key)[..8]}");
        }

        // An operator key listed twice wins over a shop key: the validator refuses that configuration anyway.
        foreach (var key in op)
        {
            _byHash[Hash(key)] = (RecRoles.Operator, $"{RecRoles.Operator}:{Hash(key)[..8]}");
        }
    }

    /// <summary>The generated key file in use, or null when keys come from configuration.</summary>
    public string? KeyFile { get; }

    /// <summary>True when any key is accepted.</summary>
    public bool HasKeys => _byHash.Count > 0;

    /// <summary>The role and audit identity of a key.</summary>
    public bool TryFind(string key, out string role, out string identity)
    {
        if (_byHash.TryGetValue(Hash(key), out var found))
        {
            (role, identity) = found;
            return true;
        }

        role = identity = "";
        return false;
    }

    /// <summary>Reads the key file, or creates it (0600) with one new key of each role.</summary>
    public static ApiKeyFile LoadOrCreate(string path, out bool created)
    {
        if (File.Exists(path))
        {
            created = false;
            return JsonSerializer.Deserialize<ApiKeyFile>(File.ReadAllText(path), Json)
                ?? throw new InvalidOperationException($"{path} is not a valid API key file.");
        }

        DurableFile.CreateFolder(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var keys = new ApiKeyFile([NewKey("op")], [NewKey("shop")]);

        // Written whole and synced, then renamed into place (0600): a crash never leaves a half-written key file
        // that the next start would refuse. Another process that created it first wins; its keys are read.
        if (!DurableFile.Write(path, stream => JsonSerializer.Serialize(stream, keys, Json), overwrite: false))
        {
            return LoadOrCreate(path, out created);
        }

        created = true;
        return keys;
    }

    private static string NewKey(string prefix) => $"rec_{prefix}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24))}";

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
