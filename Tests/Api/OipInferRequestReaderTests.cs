using System.Text.Json;
using Orleans.Rec.Api.Apis;
using Orleans.Rec.Api.Contracts.Oip;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Api;

/// <summary>An Open Inference Protocol infer request read against the tiny model's signature (history, k → scores, items).</summary>
public sealed class OipInferRequestReaderTests
{
    private static readonly Orleans.Rec.Models.ModelSignature Signature = TinyModel.Config().Signature!;

    private static OipInferRequest Request(string json) => JsonSerializer.Deserialize<OipInferRequest>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

    [Fact]
    public void TryRead_NestedInt32RowsAndK_GivesTheRowsKAndEveryOutput()
    {
        var body = Request("""{"id":"r1","inputs":[{"name":"history","shape":[2,2],"datatype":"INT32","data":[[1,0],[3,4]]},{"name":"k","shape":[1],"datatype":"INT64","data":[3]}]}""");

        Assert.True(OipInferRequestReader.TryRead(body, Signature, out var read, out var error));

        Assert.Null(error);
        Assert.Equal(("r1", 3), (read.Id, read.K));
        Assert.Equal([[1L, 0], [3L, 4]], read.Rows);
        Assert.Equal(["scores", "items"], read.Outputs);
    }

    [Fact]
    public void TryRead_WithoutK_LeavesItZero_AndKeepsTheOutputsAskedForInOrder()
    {
        var body = Request("""{"inputs":[{"name":"history","shape":[1,1],"datatype":"INT64","data":[2]}],"outputs":[{"name":"items"},{"name":"scores"}]}""");

        Assert.True(OipInferRequestReader.TryRead(body, Signature, out var read, out _));

        Assert.Equal(0, read.K);
        Assert.Equal(["items", "scores"], read.Outputs);
    }

    [Theory]
    [InlineData("""{"inputs":[{"name":"history","shape":[1,2],"datatype":"INT64","data":[1,2.5]}]}""", "input 'history' data must be whole numbers")]
    [InlineData("""{"inputs":[{"name":"history","shape":[2],"datatype":"INT64","data":[1,2]}]}""", "input 'history' must have shape [batch, length]")]
    [InlineData("""{"inputs":[{"name":"history","shape":[1,-1],"datatype":"INT64","data":[]}]}""", "input 'history' has 0 elements, which does not match its shape [1,-1]")]
    [InlineData("""{"inputs":[{"name":"history","shape":[1,1],"datatype":"INT64","data":[1]},{"name":"k","shape":[1],"datatype":"INT64","data":[0]}]}""", "input 'k' must hold one positive number")]
    [InlineData("""{"inputs":[{"name":"k","shape":[1],"datatype":"INT64","data":[2]}]}""", "input 'history' is required")]
    [InlineData("""{"id":"x"}""", "the request must have at least one input")]
    public void TryRead_WhenTheRequestDoesNotFit_SaysWhy(string json, string expected)
    {
        Assert.False(OipInferRequestReader.TryRead(Request(json), Signature, out var read, out var error));

        Assert.Null(read);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void TryRead_OfNoBody_SaysAnInputIsNeeded()
    {
        Assert.False(OipInferRequestReader.TryRead(null, Signature, out _, out var error));
        Assert.Equal("the request must have at least one input", error);
    }

    [Theory]
    [InlineData("id", null)]
    [InlineData("inputs[0].datatype", "datatype")]
    [InlineData("outputs[0].name", "output")]
    public void OverlongText_NamesTheFirstFieldLongerThanAnId(string field, string? where)
    {
        var longText = new string('x', 257);
        var body = new OipInferRequest(
            where is null ? longText : "id",
            null,
            [new OipInputTensor("history", [1, 1], where == "datatype" ? longText : "INT64", JsonSerializer.SerializeToElement(new[] { 1 }))],
            [new OipRequestedOutput(where == "output" ? longText : "scores")]);

        Assert.Equal(field, OipInferRequestReader.OverlongText(body));
    }

    [Fact]
    public void OverlongText_OfIdsWithinTheLimit_IsNull() =>
        Assert.Null(OipInferRequestReader.OverlongText(Request("""{"id":"r1","inputs":[{"name":"history","shape":[1,1],"datatype":"INT64","data":[1]}]}""")));
}
