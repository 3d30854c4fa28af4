using Orleans.Rec.Api.Infrastructure;

namespace Orleans.Rec.Tests.Api;

public sealed class ApiOptionsValidatorTests
{
    [Fact]
    public void Validate_WhenEveryLimitIsWrong_NamesEachKey()
    {
        var options = new ApiOptions
        {
            MaxEventsPerBatch = 0,
            MaxArtifactBytes = 0,
            UploadChunkBytes = 1,
            MaxBodyBytes = 10,
            MaxEventsBodyBytes = -1,
            MaxInferBodyBytes = 0,
            MaxJsonDepth = 1000,
            RequestTimeout = TimeSpan.Zero,
            ReadinessTimeout = TimeSpan.FromSeconds(-1),
        };

        var result = new ApiOptionsValidator().Validate(null, options);

        Assert.Equal(
            [
                "Rec:Api:MaxEventsPerBatch must be positive, not 0.",
                "Rec:Api:MaxArtifactBytes must be 1..1099511627776, not 0.",
                "Rec:Api:UploadChunkBytes must be 4096..67108864 (4 KiB..64 MiB), not 1.",
                "Rec:Api:MaxBodyBytes must be 1024..1099511627776 bytes, not 10.",
                "Rec:Api:MaxEventsBodyBytes must be 1024..1099511627776 bytes, not -1.",
                "Rec:Api:MaxInferBodyBytes must be 1024..1099511627776 bytes, not 0.",
                "Rec:Api:MaxJsonDepth must be 4..256, not 1000.",
                "Rec:Api:RequestTimeout must be positive, not 00:00:00.",
                "Rec:Api:ReadinessTimeout must be positive, not -00:00:01.",
            ],
            result.Failures);
    }

    [Fact]
    public void Validate_Defaults_Succeed() => Assert.True(new ApiOptionsValidator().Validate(null, new ApiOptions()).Succeeded);
}
