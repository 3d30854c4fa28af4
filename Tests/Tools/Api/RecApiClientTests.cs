using System.Net;
using System.Text;
using Orleans.Rec.Tools.Api;

namespace Orleans.Rec.Tests.Tools.Api;

public sealed class RecApiClientTests
{
    private static readonly EventDto[] Events =
    [
        new("e1", "u1", "i1", "view", new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero), "c1"),
        new("e2", "u1", "i2", "purchase", new DateTimeOffset(2026, 11, 27, 10, 0, 1, TimeSpan.Zero), null),
    ];

    [Fact]
    public async Task PostEventsAsync_WhenGatewayAccepts_SendsTheContractBodyAndApiKey()
    {
        var handler = new ScriptedHandler(_ => Json(HttpStatusCode.Accepted, """{"accepted":2}"""));
        var client = new RecApiClient(new HttpClient(handler), new Uri("http://gateway/base"), apiKey: "secret");

        var result = await client.PostEventsAsync(Events, CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal(2, result.Value.Accepted);
        var request = Assert.Single(handler.Requests);
        Assert.Equal("POST http://gateway/base/v1/events", $"{request.Method} {request.Uri}");
        Assert.Equal("secret", request.ApiKey);
        Assert.Equal(
            """{"events":[{"eventId":"e1","userId":"u1","itemId":"i1","type":"view","timestamp":"2026-11-27T10:00:00+00:00","categoryId":"c1"},{"eventId":"e2","userId":"u1","itemId":"i2","type":"purchase","timestamp":"2026-11-27T10:00:01+00:00"}]}""",
            request.Body);
    }

    [Fact]
    public async Task PostEventsAsync_WhenGatewayIsUnavailableThenAccepts_RetriesWithDoublingBackoff()
    {
        var answers = new Queue<Func<HttpResponseMessage>>(
        [
            () => Json(HttpStatusCode.ServiceUnavailable, """{"title":"Silo unavailable"}"""),
            () => throw new HttpRequestException("Connection refused"),
            () => Json(HttpStatusCode.Accepted, """{"accepted":2}"""),
        ]);
        var handler = new ScriptedHandler(_ => answers.Dequeue()());
        var delays = new List<TimeSpan>();
        var client = new RecApiClient(new HttpClient(handler), new Uri("http://gateway"), delay: (d, _) =>
        {
            delays.Add(d);
            return Task.CompletedTask;
        });

        var result = await client.PostEventsAsync(Events, CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal(3, handler.Requests.Count);
        Assert.Equal([TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1)], delays);
    }

    [Fact]
    public async Task PostEventsAsync_WhenGatewayRejects_ReturnsTheProblemWithoutRetrying()
    {
        var handler = new ScriptedHandler(_ => Json(HttpStatusCode.BadRequest, """{"title":"Invalid events","detail":"events[0].type must be view, cart or purchase.","status":400}"""));
        var client = new RecApiClient(new HttpClient(handler), new Uri("http://gateway"), delay: (_, _) => throw new InvalidOperationException("no retry expected"));

        var result = await client.PostEventsAsync(Events, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(new ApiProblem(400, "Invalid events", "events[0].type must be view, cart or purchase."), result.Problem);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task UploadVersionAsync_WhenGatewayCreatesAVersion_PostsArtifactAndConfigParts()
    {
        var directory = Directory.CreateTempSubdirectory("rec-deploy-");
        try
        {
            var artifact = Path.Combine(directory.FullName, "model.onnx");
            var config = Path.Combine(directory.FullName, "config.json");
            await File.WriteAllBytesAsync(artifact, [1, 2, 3], CancellationToken.None);
            await File.WriteAllTextAsync(config, "{}", CancellationToken.None);
            var handler = new ScriptedHandler(_ => Json(HttpStatusCode.Created, """{"model":"recommender","version":3,"state":"validated"}"""));
            var client = new RecApiClient(new HttpClient(handler), new Uri("http://gateway"));

            var result = await client.UploadVersionAsync("recommender", artifact, config, CancellationToken.None);

            Assert.Equal(new ModelVersionResponse("recommender", 3, "validated"), result.Value);
            var request = Assert.Single(handler.Requests);
            Assert.Equal("POST http://gateway/v1/models/recommender/versions", $"{request.Method} {request.Uri}");
            Assert.Equal(
                ["artifact:model.onnx:application/octet-stream", "config:config.json:application/json"],
                request.Parts);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task UploadVersionAsync_WithALineage_SendsParentAndRelationParts()
    {
        var directory = Directory.CreateTempSubdirectory("rec-deploy-");
        try
        {
            var artifact = Path.Combine(directory.FullName, "model.onnx");
            var config = Path.Combine(directory.FullName, "config.json");
            await File.WriteAllBytesAsync(artifact, [1, 2, 3], CancellationToken.None);
            await File.WriteAllTextAsync(config, "{}", CancellationToken.None);
            var fields = new List<string>();
            var handler = new ScriptedHandler(request =>
            {
                foreach (var part in ((MultipartFormDataContent)request.Content!).Where(p => p.Headers.ContentDisposition?.FileName is null))
                {
                    fields.Add($"{part.Headers.ContentDisposition!.Name}={part.ReadAsStringAsync().Result}");
                }

                return Json(HttpStatusCode.Created, """{"model":"recommender","version":4,"state":"validated"}""");
            });
            var client = new RecApiClient(new HttpClient(handler), new Uri("http://gateway"));

            await client.UploadVersionAsync("recommender", artifact, config, new UploadSettings { Parent = 3, Relation = "fine-tuned" }, CancellationToken.None);

            Assert.Equal(["parent=3", "relation=fine-tuned"], fields);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static HttpResponseMessage Json(HttpStatusCode status, string body) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private sealed record RecordedRequest(HttpMethod Method, Uri? Uri, string? ApiKey, string Body, string[] Parts);

    private sealed class ScriptedHandler(Func<HttpRequestMessage, HttpResponseMessage> respond) : HttpMessageHandler
    {
        public List<RecordedRequest> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var parts = request.Content is MultipartFormDataContent multipart
                ? multipart.Select(p => $"{p.Headers.ContentDisposition?.Name}:{p.Headers.ContentDisposition?.FileName}:{p.Headers.ContentType?.MediaType}").ToArray()
                : [];
            var body = request.Content is null or MultipartFormDataContent ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
            Requests.Add(new RecordedRequest(
                request.Method,
                request.RequestUri,
                request.Headers.TryGetValues(RecApiClient.ApiKeyHeader, out var keys) ? keys.Single() : null,
                body,
                parts));
            return respond(request);
        }
    }
}
