package dev.ringmaster.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Validator;

import java.util.List;

/**
 * Checks a console form's request record with the same Bean Validation constraints the API applies, so a
 * form can never store what the API would refuse. Answers readable problems, field first.
 */
@ApplicationScoped
public class FormCheck {

    @Inject
    Validator validator;

    public List<String> problems(Object request) {
        return validator.validate(request).stream()
                .map(violation -> violation.getPropertyPath() + ": " + violation.getMessage())
                .sorted().toList();
    }
}
