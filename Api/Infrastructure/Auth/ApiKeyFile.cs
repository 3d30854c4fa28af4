namespace Orleans.Rec.Api.Infrastructure.Auth;

/// <summary>The generated key file, <c>&lt;DataDir&gt;/api-keys.json</c>.</summary>
/// <param name="OperatorKeys">Keys that may call everything.</param>
/// <param name="ShopKeys">Keys that may call events, recommendations and profiles.</param>
public sealed record ApiKeyFile(string[] OperatorKeys, string[] ShopKeys);
