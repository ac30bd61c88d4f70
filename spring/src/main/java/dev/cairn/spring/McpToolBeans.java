package dev.cairn.spring;

import dev.cairn.mcp.McpServer;
import dev.cairn.mcp.McpTool;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.util.ClassUtils;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the singleton beans with {@link McpTool} methods and registers those methods as tools. A bean is found
 * by its type as declared (a {@code @Bean} method returning an interface hides its class's tools: return the
 * class). For a proxied bean the tools are called on the target object, not through the proxy.
 */
final class McpToolBeans {
    private McpToolBeans() {
    }

    /** Registers every tool bean's tools on {@code server}; returns the names of those beans. */
    static List<String> register(ListableBeanFactory beans, McpServer.Builder server) {
        List<String> names = new ArrayList<>();
        for (String name : beans.getBeanNamesForType(Object.class, false, false)) {
            Class<?> type = beans.getType(name, false);
            if (type == null || !hasTools(ClassUtils.getUserClass(type))) {
                continue;
            }
            Object bean = beans.getBean(name);
            Object target = AopUtils.isAopProxy(bean) ? AopProxyUtils.getSingletonTarget(bean) : bean;
            if (target == null) {
                throw new CairnSpringException("bean '" + name + "' has @McpTool methods but is a proxy without a single "
                        + "target object; make it a plain singleton to serve its tools");
            }
            try {
                server.tools(target);
            } catch (IllegalArgumentException e) {
                throw new CairnSpringException("bean '" + name + "': cannot serve its @McpTool methods: " + e.getMessage(), e);
            }
            names.add(name);
        }
        return names;
    }

    static boolean hasTools(Class<?> type) {
        for (Method method : type.getMethods()) {
            if (method.isAnnotationPresent(McpTool.class)) {
                return true;
            }
        }
        return false;
    }
}
