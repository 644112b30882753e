import java.io.IOException;
import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * DynamoDB Local as the local stack runs it (see dynamodb-local.ts): the same server and options as
 * its own launcher, but listening on 127.0.0.1 only (its launcher takes no host and binds every
 * interface), and gone as soon as the process that started it is: the parent holds this process's
 * standard input open, so end-of-file means the parent has exited, however it died.
 */
public final class LoopbackDynamoDbLocal {
  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Field jetty = DynamoDBProxyServer.class.getDeclaredField("server");
    jetty.setAccessible(true);
    for (Connector connector : ((Server) jetty.get(proxy)).getConnectors()) {
      ((ServerConnector) connector).setHost("127.0.0.1");
    }
    Thread parentWatch = new Thread(() -> {
      try {
        while (System.in.read() >= 0) {
          // nothing is ever sent; only the end of the stream matters
        }
      } catch (IOException e) {
        // a broken pipe ends the stream as well
      }
      System.exit(0);
    }, "parent-watch");
    parentWatch.setDaemon(true);
    proxy.start();
    parentWatch.start();
    proxy.join();
  }
}
