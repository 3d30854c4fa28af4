using Microsoft.Extensions.Configuration;
using Orleans.Rec.Hosting;

namespace Orleans.Rec.Tests.Cluster;

public sealed class ClusterProfileValidatorTests
{
    [Fact]
    public void Validate_WhenNothingConfigured_NamesEveryMissingKey()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Rec:Cluster:AdvertisedIPAddress"] = "not-an-ip",
        }).Build();

        var result = new ClusterProfileValidator(configuration).Validate(null, new AzureStorageSettings());

        Assert.Equal(
        [
            "Rec:Azure:ConnectionString or Rec:Azure:TableServiceUri is required when Rec:Profile is Cluster.",
            "Rec:Azure:ConnectionString or Rec:Azure:BlobServiceUri is required when Rec:Profile is Cluster.",
            "Rec:Cluster:AdvertisedIPAddress 'not-an-ip' is not an IP address.",
            "Rec:Artifacts:Store must be AzureBlob when Rec:Profile is Cluster.",
        ], result.Failures);
    }

    [Fact]
    public void Validate_WhenEndpointsAndBlobArtifactsConfigured_Succeeds()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Rec:Artifacts:Store"] = "AzureBlob",
        }).Build();
        var settings = new AzureStorageSettings
        {
            TableServiceUri = new Uri("https://account.table.core.windows.net"),
            BlobServiceUri = new Uri("https://account.blob.core.windows.net"),
        };

        var result = new ClusterProfileValidator(configuration).Validate(null, settings);

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void GatewayValidate_WhenNothingConfigured_NamesTheTableKeysOnly()
    {
        var result = new Orleans.Rec.Api.Infrastructure.GatewayClusterSettingsValidator().Validate(null, new AzureStorageSettings { StateContainer = "" });

        Assert.Equal(["Rec:Azure:ConnectionString or Rec:Azure:TableServiceUri is required when Rec:Profile is Cluster."], result.Failures);
    }

    [Fact]
    public void ValidateRedis_WhenNothingConfigured_NamesEveryMissingKey()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Rec:Cluster:Storage"] = "Redis",
        }).Build();

        var result = new ClusterProfileValidator(configuration).Validate(null, new RedisSettings());

        Assert.Equal(
        [
            "Rec:Redis:ConnectionString is required when Rec:Cluster:Storage is Redis.",
            "Rec:Artifacts:Store must be AzureBlob when Rec:Profile is Cluster.",
        ], result.Failures);
    }

    [Fact]
    public void ValidateRedis_WhenConnectionStringMalformed_NamesTheKeyNotTheValue()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Rec:Artifacts:Store"] = "AzureBlob",
        }).Build();

        var result = new ClusterProfileValidator(configuration).Validate(null, new RedisSettings { ConnectionString = "host:6379,password=s3cret,notanoption=1" });

        var failure = Assert.Single(result.Failures!);
        Assert.Equal("Rec:Redis:ConnectionString is not a Redis configuration string (host:port,option=value,...).", failure);
    }

    [Fact]
    public void GatewayValidateRedis_WhenConfigured_Succeeds()
    {
        var result = new Orleans.Rec.Api.Infrastructure.GatewayClusterSettingsValidator().Validate(null, new RedisSettings { ConnectionString = "127.0.0.1:6379" });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData(null, RecProfile.Local)]
    [InlineData("cluster", RecProfile.Cluster)]
    [InlineData("Local", RecProfile.Local)]
    public void Parse_WhenKnownValue_ReturnsProfile(string? value, RecProfile expected) => Assert.Equal(expected, RecProfiles.Parse(value));

    [Fact]
    public void Parse_WhenUnknownValue_NamesTheKey()
    {
        var error = Assert.Throws<InvalidOperationException>(() => RecProfiles.Parse("Cloud"));

        Assert.Equal("Rec:Profile is 'Cloud'; expected Local or Cluster.", error.Message);
    }
}
