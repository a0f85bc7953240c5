package dev.infraplatform.bench;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.Executors;

/**
 * What the servlet container alone serves under the cache benchmark's load: the Tomcat the platform
 * embeds, one servlet that reads each request body and answers the cache's reply to a GET of a
 * 32-byte value ({@code {"result":"…"}}) — no Spring, no JSON parsing, no cache. Request threads
 * are virtual, as in the platform. The ceiling any REST endpoint on this container can reach on the
 * machine, to read the cache's REST numbers against.
 *
 * <p>Usage: {@code ServletCeiling port}; runs until killed.
 */
public final class ServletCeiling {

    private static final byte[] REPLY = "{\"result\":\"vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv\"}".getBytes(StandardCharsets.US_ASCII);

    private ServletCeiling() {
    }

    public static void main(String[] args) throws LifecycleException, IOException {
        Tomcat tomcat = new Tomcat();
        tomcat.setPort(Integer.parseInt(args[0]));
        tomcat.setBaseDir(Files.createTempDirectory("servlet-ceiling").toString());
        tomcat.getConnector().getProtocolHandler().setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "reply", new HttpServlet() {
            @Override
            protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
                request.getInputStream().readAllBytes();
                response.setContentType("application/json");
                response.setContentLength(REPLY.length);
                response.getOutputStream().write(REPLY);
            }
        });
        context.addServletMappingDecoded("/*", "reply");
        tomcat.start();
        tomcat.getServer().await();
    }
}
