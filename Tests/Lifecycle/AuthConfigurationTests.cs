using Microsoft.Extensions.Options;
using Orleans.Rec.Api.Infrastructure.Auth;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Lifecycle;

/// <summary>Key generation on the local profile and validation of <c>Rec:Auth</c>.</summary>
public sealed class AuthConfigurationTests
{
    [Fact]
    public void LoadOrCreate_WhenNoFile_GeneratesOneKeyPerRoleReadableByTheOwnerOnly_ThenReusesThem()
    {
        using var dir = new TempDirectory("rec-keys");
        var path = Path.Combine(dir.Path, "data", ApiKeyStore.FileName);

        var created = ApiKeyStore.LoadOrCreate(path, out var wasCreated);
        var read = ApiKeyStore.LoadOrCreate(path, out var wasCreatedAgain);

        Assert.True(wasCreated);
        Assert.False(wasCreatedAgain);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        Assert.Single(created.OperatorKeys);
        Assert.Single(created.ShopKeys);
        Assert.StartsWith("rec_op_", created.OperatorKeys[0], StringComparison.Ordinal);
        Assert.StartsWith("rec_shop_", created.ShopKeys[0], StringComparison.Ordinal);
        Assert.Equal(55, created.OperatorKeys[0].Length);
        Assert.Equal(created.OperatorKeys, read.OperatorKeys);
        Assert.Equal(created.ShopKeys, read.ShopKeys);
    }

    [Fact]
    public void Validate_WhenSeveralSettingsAreWrong_NamesEveryProblem()
    {
        var options = new AuthOptions
        {
            ShopKeys = ["short", "shared-key-0123456789"],
            OperatorKeys = ["shared-key-0123456789"],
            Jwt = new JwtAuthOptions { Authority = "https://login.example/tenant/v2.0" },
            RateLimit = new RateLimitOptions { PermitLimit = 0, Window = TimeSpan.Zero },
        };

        var result = new AuthOptionsValidator().Validate(Options.DefaultName, options);

        Assert.Equal(
            [
                "Rec:Auth:ShopKeys:0 must be at least 16 characters.",
                "Rec:Auth: a key ending in '6789' is both a shop and an operator key.",
                "Rec:Auth:Jwt:Audience is required when Rec:Auth:Jwt:Authority is set.",
                "Rec:Auth:RateLimit:PermitLimit must be positive, not 0.",
                "Rec:Auth:RateLimit:Window must be positive, not 00:00:00.",
            ],
            result.Failures);
    }
}
