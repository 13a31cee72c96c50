skip-link = Əsas məzmuna keç { $nope }
