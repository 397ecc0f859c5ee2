package io.registryconsole.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a Thymeleaf page controller, so {@link PageExceptionHandler} answers its errors with error pages
 * (the REST controllers keep their problem details).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface PageController {
}
