using Orleans.Rec.Profiles;

namespace Orleans.Rec.Tests.Grains;

public sealed class ProfileOptionsValidatorTests
{
    [Fact]
    public void ProfileOptions_WhenBoundsWrong_NamesEachKey()
    {
        var result = new ProfileOptionsValidator().Validate(null, new ProfileOptions { CartCapacity = 0, CategoryCapacity = -1, WriteBehind = TimeSpan.FromSeconds(-1) });

        Assert.Equal(
            [
                "Rec:Profiles:CartCapacity must be positive, not 0.",
                "Rec:Profiles:CategoryCapacity must be positive, not -1.",
                "Rec:Profiles:WriteBehind must not be negative, not -00:00:01.",
            ],
            result.Failures);
    }

    [Fact]
    public void PopularityOptions_WhenBoundsWrong_NamesEachKey()
    {
        var result = new PopularityOptionsValidator().Validate(null, new PopularityOptions { FlushInterval = TimeSpan.Zero, CachedTop = 100, TrackedItems = 10 });

        Assert.Equal(
            [
                "Rec:Popularity:FlushInterval must be positive, not 00:00:00.",
                "Rec:Popularity:TrackedItems (10) must be at least CachedTop (100).",
            ],
            result.Failures);
    }

    [Fact]
    public void Defaults_Succeed()
    {
        Assert.True(new ProfileOptionsValidator().Validate(null, new ProfileOptions()).Succeeded);
        Assert.True(new PopularityOptionsValidator().Validate(null, new PopularityOptions()).Succeeded);
    }
}
