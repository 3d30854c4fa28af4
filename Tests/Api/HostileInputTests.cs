using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Orleans.Rec.Api.Infrastructure.Auth;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Api;

/// <summary>
/// What a shop key (or anyone) can throw at the API host on real Kestrel: oversized and deeply nested JSON, huge ids,
/// control characters and broken Unicode, negative and enormous k, wrong content types and slow bodies. Each gets its
/// 4xx and nothing else; the process keeps no memory of them; the platform serves a normal request afterwards.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class HostileInputTests(ClusterFixture fixture) : IAsyncLifetime
{
    private GatewayFactory _gateway = null!;
    private HttpClient _shop = null!;
    private HttpClient _operator = null!;
    private string _model = null!;
    private string _user = null!;

    public async Task InitializeAsync()
    {
        // The real host on a real socket; the limiter is opened wide so that every answer below is the input's own.
        _gateway = new GatewayFactory(fixture.Cluster, new Dictionary<string, string>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Rec:Auth:RateLimit:PermitLimit"] = "1000000",
            ["Rec:Auth:RateLimit:AddressPermitLimit"] = "1000000",
        });
        _gateway.UseKestrel(0);
        _operator = _gateway.CreateClient(GatewayFactory.OperatorKey);
        _shop = _gateway.CreateClient(GatewayFactory.ShopKey);
        (_model, _, _user) = await _operator.DeployTinyWithViewerAsync("hostile");
    }

    public async Task DisposeAsync()
    {
        _shop.Dispose();
        _operator.Dispose();
        await _gateway.DisposeAsync();
    }

    /// <summary>A hostile request: what is sent, and the one status it must get.</summary>
    public sealed record Hostile(string Name, HttpMethod Method, string Path, string? ContentType, byte[]? Body, HttpStatusCode Expected, bool AsOperator = false)
    {
        public override string ToString() => Name;
    }

    /// <summary>Every hostile request; {model} is replaced by the deployed model's name.</summary>
    public static IEnumerable<Hostile> All()
    {
        static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
        const string Json = "application/json";
        var deep = string.Concat(Enumerable.Repeat("[", 100_000)) + string.Concat(Enumerable.Repeat("]", 100_000));
        var hugeId = new string('u', 3 * 1024 * 1024); // under the 4 MiB events body limit, far over an id's 256
        var manyEvents = "{\"events\":[" + string.Join(',', Enumerable.Range(0, 20_000).Select(i => $"{{\"userId\":\"u\",\"itemId\":\"i{i}\",\"type\":\"view\"}}")) + "]}";

        yield return new("events nested 100,000 deep", HttpMethod.Post, "/v1/events", Json, Utf8($$"""{"userId":"u","itemId":"i","type":"view","x":{{deep}}}"""), HttpStatusCode.BadRequest);
        yield return new("infer nested 100,000 deep", HttpMethod.Post, "/v2/models/{model}/infer", Json, Utf8($$"""{"inputs":{{deep}}}"""), HttpStatusCode.BadRequest, AsOperator: true);
        yield return new("traffic nested 100,000 deep", HttpMethod.Put, "/v1/models/{model}/traffic", Json, Utf8(deep), HttpStatusCode.BadRequest, AsOperator: true);
        yield return new("events over the per-request cap", HttpMethod.Post, "/v1/events", Json, Utf8(manyEvents), HttpStatusCode.BadRequest);
        yield return new("a 3 MiB user id", HttpMethod.Post, "/v1/events", Json, Utf8($$"""{"userId":"{{hugeId}}","itemId":"i","type":"view"}"""), HttpStatusCode.BadRequest);
        yield return new("a 3 MiB string in an unknown field", HttpMethod.Post, "/v1/events", Json, Utf8($$"""{"userId":"u-{{Guid.NewGuid():N}}","itemId":"i","type":"view","note":"{{hugeId}}"}"""), HttpStatusCode.Accepted);
        yield return new("a 257-character user id in the path", HttpMethod.Get, $"/v1/users/{new string('p', 257)}/recommendations", null, null, HttpStatusCode.BadRequest);
        yield return new("a 20 KB path", HttpMethod.Get, $"/v1/users/{new string('p', 20_000)}/recommendations", null, null, HttpStatusCode.RequestUriTooLong);
        yield return new("a NUL in a user id", HttpMethod.Post, "/v1/events", Json, Utf8("""{"userId":"u\u0000x","itemId":"i","type":"view"}"""), HttpStatusCode.BadRequest);
        yield return new("an escape character in an item id", HttpMethod.Post, "/v1/events", Json, Utf8("""{"userId":"u","itemId":"\u001b[31mred","type":"view"}"""), HttpStatusCode.BadRequest);
        yield return new("a newline in a user id in the path", HttpMethod.Get, "/v1/users/u%0Ax/recommendations", null, null, HttpStatusCode.BadRequest);
        yield return new("a C1 control in a profile path", HttpMethod.Get, "/v1/users/u%C2%85x/profile", null, null, HttpStatusCode.BadRequest);
        yield return new("a lone surrogate escape", HttpMethod.Post, "/v1/events", Json, Utf8("""{"userId":"u\ud800","itemId":"i","type":"view"}"""), HttpStatusCode.BadRequest);
        yield return new("invalid UTF-8 bytes", HttpMethod.Post, "/v1/events", Json, [.. Utf8("{\"userId\":\"u"), 0xC3, 0x28, 0xFF, .. Utf8("\",\"itemId\":\"i\",\"type\":\"view\"}")], HttpStatusCode.BadRequest);
        yield return new("a lone surrogate in a traffic key", HttpMethod.Put, "/v1/models/{model}/traffic", Json, Utf8("""{"splits":{"\ud800":100}}"""), HttpStatusCode.BadRequest, AsOperator: true);
        yield return new("a lone surrogate in a serving config", HttpMethod.Put, "/v1/models/{model}/versions/1/config", Json, Utf8("""{"device":"\udc00"}"""), HttpStatusCode.BadRequest, AsOperator: true);
        yield return new("invalid UTF-8 in an alert rule", HttpMethod.Post, "/v1/models/{model}/alerts/rules", Json, [.. Utf8("{\"id\":\"r"), 0xFF, 0xFE, .. Utf8("\"}")], HttpStatusCode.BadRequest, AsOperator: true);
        yield return new("a lone surrogate in an infer input name", HttpMethod.Post, "/v2/models/{model}/infer", Json, Utf8("""{"inputs":[{"name":"\ud800","shape":[1,1],"datatype":"INT64","data":[1]}]}"""), HttpStatusCode.BadRequest, AsOperator: true);
        yield return new("a byte-order mark and nothing else", HttpMethod.Post, "/v1/events", Json, [0xEF, 0xBB, 0xBF], HttpStatusCode.BadRequest);
        yield return new("JSON null", HttpMethod.Post, "/v1/events", Json, Utf8("null"), HttpStatusCode.BadRequest);
        yield return new("a timestamp of 1e400", HttpMethod.Post, "/v1/events", Json, Utf8("""{"userId":"u","itemId":"i","type":"view","timestamp":1e400}"""), HttpStatusCode.BadRequest);
        yield return new("k = -1", HttpMethod.Get, $"/v1/users/hostile-k/recommendations?k=-1", null, null, HttpStatusCode.BadRequest);
        yield return new("k = 0", HttpMethod.Get, $"/v1/users/hostile-k/recommendations?k=0", null, null, HttpStatusCode.BadRequest);
        yield return new("k = 1001", HttpMethod.Get, $"/v1/users/hostile-k/recommendations?k=1001", null, null, HttpStatusCode.BadRequest);
        yield return new("k = 2^31", HttpMethod.Get, $"/v1/users/hostile-k/recommendations?k=2147483648", null, null, HttpStatusCode.BadRequest);
        yield return new("k = 10^30", HttpMethod.Get, $"/v1/users/hostile-k/recommendations?k=1000000000000000000000000000000", null, null, HttpStatusCode.BadRequest);
        yield return new("k = NaN", HttpMethod.Get, $"/v1/users/hostile-k/recommendations?k=NaN", null, null, HttpStatusCode.BadRequest);
        yield return new("history minutes = -5", HttpMethod.Get, "/v1/models/{model}/history?minutes=-5", null, null, HttpStatusCode.BadRequest, AsOperator: true);
        yield return new("events as text/plain", HttpMethod.Post, "/v1/events", "text/plain", Utf8("""{"userId":"u","itemId":"i","type":"view"}"""), HttpStatusCode.UnsupportedMediaType);
        yield return new("events as a form", HttpMethod.Post, "/v1/events", "application/x-www-form-urlencoded", Utf8("userId=u&itemId=i&type=view"), HttpStatusCode.UnsupportedMediaType);
        yield return new("events without a content type", HttpMethod.Post, "/v1/events", null, Utf8("""{"userId":"u","itemId":"i","type":"view"}"""), HttpStatusCode.UnsupportedMediaType);
        yield return new("traffic as XML", HttpMethod.Put, "/v1/models/{model}/traffic", "application/xml", Utf8("<splits/>"), HttpStatusCode.UnsupportedMediaType, AsOperator: true);
        yield return new("an alert rule as text", HttpMethod.Post, "/v1/models/{model}/alerts/rules", "text/plain", Utf8("{}"), HttpStatusCode.UnsupportedMediaType, AsOperator: true);
        yield return new("infer as a form", HttpMethod.Post, "/v2/models/{model}/infer", "multipart/form-data; boundary=x", Utf8("--x--"), HttpStatusCode.UnsupportedMediaType, AsOperator: true);
        yield return new("an upload as JSON", HttpMethod.Post, "/v1/models/{model}/versions", Json, Utf8("{}"), HttpStatusCode.UnsupportedMediaType, AsOperator: true);
        yield return new("a content type that does not parse", HttpMethod.Post, "/v1/events", "json;;;===", Utf8("{}"), HttpStatusCode.UnsupportedMediaType);
    }

    public static TheoryData<Hostile> Cases() => [.. All()];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task HostileRequest_GetsItsOwn4xx(Hostile hostile)
    {
        var (status, text) = await SendAsync(hostile);

        Assert.True(status == hostile.Expected, $"{hostile.Name}: {(int)status} {text[..Math.Min(text.Length, 500)]}");
        // Each refusal is a ProblemDetails, except the inference protocol's ({"error": ...}) and Kestrel's own (414: no body).
        if ((int)status >= 400 && text.Length > 0 && !hostile.Path.StartsWith("/v2/", StringComparison.Ordinal))
        {
            var problem = System.Text.Json.JsonSerializer.Deserialize<ProblemDetails>(text, ApiCalls.Json);
            Assert.Equal((int)hostile.Expected, problem!.Status);
        }
    }

    /// <summary>
    /// Forty rounds of every hostile request (about 300 MB sent, 1 to 3 MiB bodies among them) leave the managed heap,
    /// after a full collection, and the working set larger only by what buffer pools keep for reuse (a pooled buffer
    /// per size per thread: 40 to 100 MB on the development machine), far less than was sent, which a leak of bodies
    /// would keep. Nothing gets a 5xx, and the platform serves afterwards.
    /// </summary>
    [Fact]
    public async Task HostileBarrage_LeavesMemoryBounded_AndThePlatformServesAfterwards()
    {
        var hostile = All().ToArray();
        await SendAllAsync(hostile); // a first round: code paths and caches warm
        var before = Measure();
        var statuses = new List<int>();
        long sent = 0;
        for (var round = 0; round < 40; round++)
        {
            foreach (var (status, bytes) in await SendAllAsync(hostile))
            {
                statuses.Add(status);
                sent += bytes;
            }
        }

        var after = Measure();

        var figures = $"heap {before.Heap >> 20} → {after.Heap >> 20} MB, working set {before.WorkingSet >> 20} → {after.WorkingSet >> 20} MB, sent {sent >> 20} MB";
        Console.WriteLine($"hostile barrage: {figures}");
        Assert.True(sent > 256L << 20, figures);
        Assert.DoesNotContain(statuses, s => s >= 500);
        Assert.True(after.Heap - before.Heap < sent / 2, figures);
        Assert.True(after.WorkingSet - before.WorkingSet < sent, figures);

        var served = await _shop.RecommendAsync(_user, 3, _model);
        Assert.False(served.Fallback);
        Assert.Equal(3, served.Items.Count);
    }

    [Fact]
    public async Task UnicodeId_IsAnIdLikeAnyOther_AndComesBackAsSent()
    {
        var user = $"用户-ü-🙂-{Guid.NewGuid():N}"[..30];

        using var posted = await _shop.PostAsJsonAsync("/v1/events", ApiCalls.View(user, "item-é"), ApiCalls.Json);
        var profile = await _shop.ProfileWithEventsAsync(user, 1);

        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        Assert.Equal(user, profile.UserId);
        Assert.Equal(["item-é"], profile.RecentViews);
    }

    /// <summary>
    /// Twenty connections each announce a 100 kB body and send one byte every half second: Kestrel's minimum body
    /// rate (240 B/s after a 5 s grace) ends each with a 408; meanwhile, and afterwards, a normal request is served.
    /// </summary>
    [Fact]
    public async Task SlowBodies_AreCutOffWith408_WhileOthersAreServed()
    {
        var server = _shop.BaseAddress!;
        var slow = Enumerable.Range(0, 20).Select(_ => SlowBodyAsync(server)).ToArray();

        var during = await _shop.RecommendAsync(_user, 3, _model);
        var clock = Stopwatch.StartNew();
        var answers = await Task.WhenAll(slow);
        var after = await _shop.RecommendAsync(_user, 3, _model);

        Assert.Equal(3, during.Items.Count);
        Assert.All(answers, a => Assert.StartsWith("HTTP/1.1 408 ", a, StringComparison.Ordinal));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"the slow bodies took {clock.Elapsed} to be cut off");
        Assert.Equal(during.Items, after.Items);
    }

    private async Task<(HttpStatusCode Status, string Text)> SendAsync(Hostile hostile)
    {
        using var request = new HttpRequestMessage(hostile.Method, hostile.Path.Replace("{model}", _model, StringComparison.Ordinal));
        if (hostile.Body is not null)
        {
            request.Content = new ByteArrayContent(hostile.Body);
            if (hostile.ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", hostile.ContentType);
            }
        }

        using var response = await (hostile.AsOperator ? _operator : _shop).SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<List<(int Status, long Bytes)>> SendAllAsync(IEnumerable<Hostile> hostile)
    {
        var results = new List<(int, long)>();
        foreach (var h in hostile)
        {
            var (status, _) = await SendAsync(h);
            results.Add(((int)status, h.Body?.LongLength ?? 0));
        }

        return results;
    }

    /// <summary>
    /// The live managed heap and the working set, after an aggressive full collection, which also gives the memory it
    /// frees back to the system (a plain one keeps it committed for reuse, in the working set).
    /// </summary>
    private static (long Heap, long WorkingSet) Measure()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        using var process = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(forceFullCollection: false), process.WorkingSet64);
    }

    /// <summary>Announces a 100 kB events body, then trickles it; returns what the server answered before closing.</summary>
    private static async Task<string> SlowBodyAsync(Uri server)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        var stream = tcp.GetStream();
        var head = $"POST /v1/events HTTP/1.1\r\nHost: localhost\r\n{RecRoles.ApiKeyHeader}: {GatewayFactory.ShopKey}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{{";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        var answer = new StringBuilder();
        var buffer = new byte[4096];
        using var give_up = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var reading = stream.ReadAsync(buffer, give_up.Token).AsTask();
        while (!reading.IsCompleted)
        {
            try
            {
                await stream.WriteAsync(" "u8.ToArray(), give_up.Token);
            }
            catch (IOException)
            {
                break; // the server closed its side
            }

            await Task.WhenAny(reading, Task.Delay(500, give_up.Token));
        }

        int read;
        try
        {
            while ((read = await reading) > 0)
            {
                answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
                reading = stream.ReadAsync(buffer, give_up.Token).AsTask();
            }
        }
        catch (IOException)
        {
            // A reset after the answer: what arrived is the answer.
        }

        return answer.ToString();
    }
}
