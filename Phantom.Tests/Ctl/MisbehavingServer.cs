using System.Net;
using System.Text;

namespace Phantom.Tests.Ctl;

/// <summary>
/// Something on a port that is not a healthy phantom node (a proxy's error page, an old version): answers every
/// request with one fixed status and body, to test how <c>phantom ctl</c> reports what a real node never says.
/// </summary>
internal sealed class MisbehavingServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private readonly int _status;
    private readonly string _body;
    private readonly string _contentType;

    public MisbehavingServer(int status, string body, string contentType = "text/html")
    {
        (_status, _body, _contentType) = (status, body, contentType);
        Node = CtlNodeCommandsTests.ClosedPort();
        _listener.Prefixes.Add($"http://{Node}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    /// <summary><c>127.0.0.1:port</c>.</summary>
    public string Node { get; }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }

    private async Task LoopAsync()
    {
        while (true)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception error) when (error is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // closed
            }

            try
            {
                var bytes = Encoding.UTF8.GetBytes(_body);
                context.Response.StatusCode = _status;
                context.Response.ContentType = _contentType;
                context.Response.ContentLength64 = bytes.Length;
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
            catch (Exception error) when (error is HttpListenerException or IOException or ObjectDisposedException)
            {
                // The client went away (or the listener closed) mid-answer: nothing to report to it.
            }
        }
    }
}
