using Microsoft.Extensions.Options;

namespace Orleans.Rec.Api.Infrastructure.Auth;

/// <summary>Checks <c>Rec:Auth</c> and names every problem at once.</summary>
public sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    /// <summary>Shortest key accepted, so that a key cannot be guessed.</summary>
    public const int MinKeyLength = 16;

    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var problems = new List<string>();
        CheckKeys(nameof(options.ShopKeys), options.ShopKeys, problems);
        CheckKeys(nameof(options.OperatorKeys), options.OperatorKeys, problems);
        foreach (var key in options.ShopKeys.Intersect(options.OperatorKeys, StringComparer.Ordinal))
        {
            problems.Add($"Rec:Auth: a key ending in '{Tail(key)}' is both a shop and an operator key.");
        }

        if (options.Jwt.Enabled && string.IsNullOrWhiteSpace(options.Jwt.Audience))
        {
            problems.Add("Rec:Auth:Jwt:Audience is required when Rec:Auth:Jwt:Authority is set.");
        }

        if (options.Jwt.Enabled && (string.IsNullOrWhiteSpace(options.Jwt.RoleClaim) || string.IsNullOrWhiteSpace(options.Jwt.OperatorRole) || string.IsNullOrWhiteSpace(options.Jwt.ShopRole)))
        {
            problems.Add("Rec:Auth:Jwt:RoleClaim, OperatorRole and ShopRole must not be empty.");
        }

        if (options.RateLimit.PermitLimit <= 0)
        {
            problems.Add($"Rec:Auth:RateLimit:PermitLimit must be positive, not {options.RateLimit.PermitLimit}.");
        }

        if (options.RateLimit.AddressPermitLimit <= 0)
        {
            problems.Add($"Rec:Auth:RateLimit:AddressPermitLimit must be positive, not {options.RateLimit.AddressPermitLimit}.");
        }

        if (options.RateLimit.Window <= TimeSpan.Zero)
        {
            problems.Add($"Rec:Auth:RateLimit:Window must be positive, not {options.RateLimit.Window}.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static void CheckKeys(string list, string[] keys, List<string> problems)
    {
        for (var i = 0; i < keys.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(keys[i]) || keys[i].Length < MinKeyLength)
            {
                problems.Add($"Rec:Auth:{list}:{i} must be at least {MinKeyLength} characters.");
            }
        }
    }

    private static string Tail(string key) => key.Length <= 4 ? "" : key[^4..];
}
