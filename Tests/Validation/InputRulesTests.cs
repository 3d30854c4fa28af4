using Orleans.Rec.Validation;

namespace Orleans.Rec.Tests.Validation;

public sealed class InputRulesTests
{
    [Fact]
    public void AreItemIndices_WhenPaddingOrCatalogItems_IsTrue()
    {
        Assert.True(InputRules.AreItemIndices([0, 1, 4, 0], 4));
        Assert.True(InputRules.AreItemIndices([], 4));
    }

    [Fact]
    public void AreItemIndices_WhenAnIndexIsNegativeOrPastTheCatalog_IsFalse()
    {
        Assert.False(InputRules.AreItemIndices([1, 5], 4));
        Assert.False(InputRules.AreItemIndices([-1, 1], 4));
        Assert.False(InputRules.AreItemIndices([long.MaxValue], 4));
    }

    [Fact]
    public void ItemIndexRule_NamesTheModelsLastIndex() =>
        Assert.Equal("history item indices must be between 0 (padding) and 4", InputRules.ItemIndexRule(4));
}
