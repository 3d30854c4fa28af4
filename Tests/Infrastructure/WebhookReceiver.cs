using System.Net;
using System.Text.Json;
using System.Threading.Channels;

namespace Orleans.Rec.Tests.Infrastructure;

/// <summary>A local HTTP endpoint that records every JSON body POSTed to it, answering a given status first.</summary>
public sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Channel<JsonElement> _received = Channel.CreateUnbounded<JsonElement>();
    private readonly Task _loop;
    private int _failuresLeft;

    /// <param name="failFirst">How many calls are answered 503 before the receiver accepts (to exercise retries).</param>
    public WebhookReceiver(int failFirst = 0)
    {
        _failuresLeft = failFirst;
        Url = $"http://127.0.0.1:{FreePort.Next()}/hook/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public string Url { get; }

    /// <summary>Calls answered, failed ones included.</summary>
    public int Calls { get; private set; }

    /// <summary>The next accepted body, or throws when none comes within <paramref name="timeout"/>.</summary>
    public async Task<JsonElement> NextAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        return await _received.Reader.ReadAsync(cancel.Token);
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            Calls++;
            if (Interlocked.Decrement(ref _failuresLeft) >= 0)
            {
                context.Response.StatusCode = 503;
                context.Response.Close();
                continue;
            }

            using (var body = await JsonDocument.ParseAsync(context.Request.InputStream))
            {
                _received.Writer.TryWrite(body.RootElement.Clone());
            }

            context.Response.StatusCode = 204;
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
