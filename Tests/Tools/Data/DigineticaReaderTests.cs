using Orleans.Rec.Tools.Data;

namespace Orleans.Rec.Tests.Tools.Data;

public sealed class DigineticaReaderTests
{
    private const string Views = """
        session_id;user_id;item_id;timeframe;eventdate
        1;NA;81766;526309;2016-05-09
        1;NA;31331;1031018;2016-05-09
        2;NA;32118;0;2016-05-10
        3;NA;;12;2016-05-10
        4;NA;555;12;not-a-date
        """;

    private const string Purchases = """
        sessionId;userId;timeframe;eventdate;ordernumber;itemId
        1;NA;2000000;2016-05-09;16421;31331
        150;18278;17100868;2016-05-06;16422;25911
        2;NA;bad;2016-05-10;16423;32118
        """;

    private const string Categories = """
        itemId;categoryId
        81766;1096
        31331;42
        """;

    [Fact]
    public void Read_WhenOnlyViews_GivesViewEventsPerSession()
    {
        var reader = new DigineticaReader(() => new StringReader(Views));

        var events = reader.Read().ToList();

        var day9 = new DateTimeOffset(2016, 5, 9, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(
            [
                new InteractionEvent("dg-v-1-81766-526309", "1", "81766", InteractionType.View, day9.AddMilliseconds(526309), null, "1"),
                new InteractionEvent("dg-v-1-31331-1031018", "1", "31331", InteractionType.View, day9.AddMilliseconds(1031018), null, "1"),
                new InteractionEvent("dg-v-2-32118-0", "2", "32118", InteractionType.View, day9.AddDays(1), null, "2"),
            ],
            events);
        Assert.Equal(2, reader.SkippedRows);
    }

    [Fact]
    public void Read_WhenPurchasesAndCategoriesGiven_AddsPurchasesOfKnownSessionsAndCategories()
    {
        var reader = new DigineticaReader(() => new StringReader(Views), () => new StringReader(Purchases), () => new StringReader(Categories));

        var events = reader.Read().ToList();

        var day9 = new DateTimeOffset(2016, 5, 9, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(4, events.Count);
        Assert.Equal("1096", events[0].CategoryId);
        Assert.Equal("42", events[1].CategoryId);
        Assert.Null(events[2].CategoryId);
        Assert.Equal(
            new InteractionEvent("dg-p-1-16421-31331", "1", "31331", InteractionType.Purchase, day9.AddMilliseconds(2000000), "42", "1"),
            events[3]);
        Assert.Equal(3, reader.SkippedRows);
    }
}
