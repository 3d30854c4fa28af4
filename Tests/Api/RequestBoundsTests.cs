using Orleans.Rec.Validation;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Orleans.Rec.Api.Infrastructure.Auth;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Api;

/// <summary>
/// Body limits per route (413 ProblemDetails before a body is read, and while a chunked one is), JSON nesting, and the
/// rate limiter running before authentication — against the gateway on real Kestrel (TestServer has no body limit).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class RequestBoundsTests(ClusterFixture fixture)
{
    private const int Small = 4096;

    [Fact]
    public async Task PostEvents_WhenContentLengthOverItsLimit_Answers413BeforeTheBodyIsSent()
    {
        await using var gateway = Kestrel(new() { ["Rec:Api:MaxEventsBodyBytes"] = Small.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        using var http = gateway.CreateClient(GatewayFactory.ShopKey);

        // Only the headers go out: a server that waited for (or buffered) the 400 MB body would never answer.
        var answer = await RawAsync(http.BaseAddress!, $"POST /v1/events HTTP/1.1\r\nHost: localhost\r\n{RecRoles.ApiKeyHeader}: {GatewayFactory.ShopKey}\r\nContent-Type: application/json\r\nContent-Length: 400000000\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 413 ", answer, StringComparison.Ordinal);
        Assert.Contains("\"detail\":\"the body of 400000000 bytes is over this route's limit of 4096 bytes\"", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostEvents_WhenChunkedBodyPassesItsLimit_Answers413ProblemDetails()
    {
        await using var gateway = Kestrel(new() { ["Rec:Api:MaxEventsBodyBytes"] = Small.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        using var http = gateway.CreateClient(GatewayFactory.ShopKey);
        var events = Enumerable.Range(0, 100).Select(i => ApiCalls.View("bounds-user", $"bounds-item-{i}")).ToArray();
        var body = Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(new { events }, ApiCalls.Json));
        Assert.True(body.Length > Small);

        // A stream of unknown length goes out chunked: no Content-Length to check first.
        using var content = new ChunkedContent(body);
        using var response = await http.PostAsync("/v1/events", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(ApiCalls.Json);
        Assert.Equal(413, problem!.Status);
    }

    [Fact]
    public async Task PostEvents_WhenUnderItsLimit_IsAccepted()
    {
        await using var gateway = Kestrel(new() { ["Rec:Api:MaxEventsBodyBytes"] = Small.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        using var http = gateway.CreateClient(GatewayFactory.ShopKey);

        using var response = await http.PostAsJsonAsync("/v1/events", ApiCalls.View(ApiCalls.NewId("bounds"), "bounds-item"), ApiCalls.Json);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Theory]
    [InlineData("POST", "/v2/models/bounds-none/infer", "application/json", "Rec:Api:MaxInferBodyBytes")]
    [InlineData("PUT", "/v1/models/bounds-none/traffic", "application/json", "Rec:Api:MaxBodyBytes")]
    [InlineData("POST", "/v1/models/bounds-none/versions", "multipart/form-data; boundary=b", "Rec:Api:MaxArtifactBytes")]
    public async Task Route_WhenBodyOverItsLimit_Answers413(string method, string path, string contentType, string key)
    {
        // The upload's limit is the artifact's plus the config's (256 MiB) and 1 MiB of framing.
        var limit = key == "Rec:Api:MaxArtifactBytes" ? 1024 + (257L << 20) : Small;
        await using var gateway = Kestrel(new() { [key] = (key == "Rec:Api:MaxArtifactBytes" ? 1024 : Small).ToString(System.Globalization.CultureInfo.InvariantCulture) });
        using var http = gateway.CreateClient(GatewayFactory.OperatorKey);

        var length = limit + 1;
        var answer = await RawAsync(http.BaseAddress!, $"{method} {path} HTTP/1.1\r\nHost: localhost\r\n{RecRoles.ApiKeyHeader}: {GatewayFactory.OperatorKey}\r\nContent-Type: {contentType}\r\nContent-Length: {length}\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 413 ", answer, StringComparison.Ordinal);
        Assert.True(answer.Contains($"\"detail\":\"the body of {length} bytes is over this route's limit of {limit} bytes\"", StringComparison.Ordinal), answer);
    }

    [Fact]
    public async Task PostEvents_WhenJsonNestedTooDeep_Returns400NamingTheDepth()
    {
        var nested = string.Concat(Enumerable.Repeat("[", 40)) + string.Concat(Enumerable.Repeat("]", 40));
        var body = $$"""{"userId":"u1","itemId":"i1","type":"view","extra":{{nested}}}""";

        using var response = await fixture.Http.PostAsync("/v1/events", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(ApiCalls.Json);
        Assert.StartsWith("is not valid JSON: The maximum configured depth of 16 has been exceeded", problem!.Errors["body"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Infer_WhenJsonNestedTooDeep_Returns400()
    {
        var nested = string.Concat(Enumerable.Repeat("[", 40)) + "1" + string.Concat(Enumerable.Repeat("]", 40));
        var body = $$"""{"inputs":[{"name":"history","shape":[1,1],"datatype":"INT64","data":{{nested}}}]}""";

        using var response = await fixture.Http.PostAsync("/v2/models/bounds-none/infer", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The maximum configured depth of 16 has been exceeded", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostEvents_WhenTypeLongerThanAnId_Returns400WithoutEchoingIt()
    {
        var type = new string('x', 10_000);

        using var response = await fixture.Http.PostAsJsonAsync("/v1/events", new { userId = "u1", itemId = "i1", type }, ApiCalls.Json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(type, text, StringComparison.Ordinal);
        var problem = System.Text.Json.JsonSerializer.Deserialize<ValidationProblemDetails>(text, ApiCalls.Json);
        Assert.Equal([InputRules.IdRule], problem!.Errors["type"]);
    }

    [Fact]
    public async Task Infer_WhenInputNameLongerThanAnId_Returns400WithoutEchoingIt()
    {
        var name = new string('n', 10_000);
        var body = $$"""{"inputs":[{"name":"{{name}}","shape":[1,1],"datatype":"INT64","data":[1]}]}""";

        using var response = await fixture.Http.PostAsync("/v2/models/bounds-none/infer", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal($$"""{"error":"inputs[0].name {{InputRules.IdRule}}"}""", await response.Content.ReadAsStringAsync());
    }

    /// <summary>An unauthenticated flood is refused by the limiter (429), not by a key check each (401 every time).</summary>
    [Fact]
    public async Task RateLimiter_RunsBeforeAuthentication_UnauthenticatedFloodGets429()
    {
        await using var gateway = new GatewayFactory(fixture.Cluster, new Dictionary<string, string>
        {
            ["Rec:Auth:RateLimit:PermitLimit"] = "2",
            ["Rec:Auth:RateLimit:Window"] = "01:00:00",
        });
        using var anonymous = gateway.CreateClient(null);
        using var operatorClient = gateway.CreateClient(GatewayFactory.OperatorKey);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await anonymous.GetAsync("/v1/models");
            statuses.Add(response.StatusCode);
        }

        using var other = await operatorClient.GetAsync("/v1/models");

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    /// <summary>Made-up keys are each a caller of their own, but all come from one address, which has its own limit.</summary>
    [Fact]
    public async Task RateLimiter_WhenEveryRequestHasAnotherMadeUpKey_LimitsTheAddress()
    {
        await using var gateway = new GatewayFactory(fixture.Cluster, new Dictionary<string, string>
        {
            ["Rec:Auth:RateLimit:AddressPermitLimit"] = "3",
            ["Rec:Auth:RateLimit:Window"] = "01:00:00",
        });
        using var anonymous = gateway.CreateClient(null);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
            request.Headers.Add(RecRoles.ApiKeyHeader, $"made-up-key-{i}-0123456789");
            using var response = await anonymous.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
    }

    /// <summary>A body whose length is not told in advance: it goes out with chunked transfer encoding.</summary>
    private sealed class ChunkedContent : HttpContent
    {
        private readonly byte[] _body;

        public ChunkedContent(byte[] body)
        {
            _body = body;
            Headers.ContentType = new("application/json");
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(_body).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    private GatewayFactory Kestrel(Dictionary<string, string> settings)
    {
        settings["urls"] = "http://127.0.0.1:0";
        var gateway = new GatewayFactory(fixture.Cluster, settings);
        gateway.UseKestrel(0);
        return gateway;
    }

    /// <summary>Sends <paramref name="head"/> as it is and reads the answer until the server closes or 5 s pass.</summary>
    private static async Task<string> RawAsync(Uri server, string head)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        var buffer = new byte[16 * 1024];
        var answer = new StringBuilder();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
                if (answer.ToString().Contains("}", StringComparison.Ordinal))
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Nothing (more) came: the answer is what arrived.
        }

        return answer.ToString();
    }
}
